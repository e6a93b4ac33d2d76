//! Shared by the integration tests and `examples/size.rs`: a deterministic
//! generator of zh-CN and English news articles and an in-memory index that
//! answers queries the way the app will (root → shards → search).
#![allow(dead_code)]

use crate::outputs::search::{DocInput, Params, Stats, Writer};
use broadsheet_app::search::{parse_query, Filter, Results, Root, SegmentFiles, Shard};
use std::collections::BTreeMap;

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Zipf-like rank in `0..n`: log-uniform, so rank r has weight ~1/r.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).ln() * u).exp() as usize)
            .saturating_sub(1)
            .min(n - 1)
    }

    /// A Zipf rank in `0..n` that is at least `skip` (the tail of the same law).
    pub fn zipf_from(&mut self, skip: usize, n: usize) -> usize {
        loop {
            let r = self.zipf(n);
            if r >= skip {
                return r;
            }
        }
    }
}

const HAN: &str = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知问相长现把机已明部外实她变位点件山水力真政理正新开手情意体命全因利民平内再重通合门关间区口报由车本期月气收提界百市名东西南北城乡村镇港湾海岛河湖江桥路街站场馆院校医药病房价税费钱银金融股票基资企业工厂产品经济贸易商店服务交运输航空铁公汽电能源石油然风光伏核环境保护污染质森林园动物植农粮食蔬菜果渔教育师考试科研技术网络脑软件数据工智芯片卫星火箭太探索艺影音乐书籍展览博历史传统节春夏秋冬雨雪台暴洪灾害救援消防警察律安全故调查告议代表选举员总席官交作协和战争队边难移老龄儿童妇女青婚姻住租建设规划改革展策措施计目标增降升高减少创就失工收消费旅游酒店餐饮美足篮比赛冠奥世杯健康疫苗护士深圳广州杭州京沪粤湘鄂川渝晋冀豫鲁皖闽浙苏赣桂琼滇黔藏陕甘宁青新蒙辽吉黑华夏龙凤虎鹤松柏梅兰竹菊";

const SYLLABLES: [&str; 40] = [
    "ka", "ro", "ten", "mi", "sa", "lo", "ver", "an", "di", "po", "re", "tu", "ly", "ne", "for",
    "ba", "ci", "mon", "ex", "pre", "ing", "tion", "al", "er", "ous", "ment", "ho", "ri", "ga",
    "le", "sto", "ar", "win", "dor", "bel", "cu", "ta", "vi", "on", "is",
];

const FUNCTION_WORDS: [&str; 24] = [
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by",
    "it", "at", "from", "said", "has", "be", "are", "new", "will", "city",
];

/// Headlines avoid the most frequent words.
const TITLE_SKIP: usize = 30;

/// A character: mostly from the common pool (half Zipf, half uniform, so the
/// commonest is ~5% of text as in real Chinese), sometimes any of the first
/// 6,000 unified ideographs (names, rare words).
fn zh_char(rng: &mut Rng, pool: &[char]) -> char {
    match rng.below(100) {
        0..8 => char::from_u32(0x4E00 + rng.below(6000) as u32).unwrap_or('中'),
        8..54 => pool[rng.zipf(pool.len())],
        _ => pool[rng.below(pool.len())],
    }
}

pub const SECTIONS: [&str; 7] = [
    "city", "china", "world", "business", "tech", "culture", "sport",
];

/// Lexicons shared by all generated docs.
pub struct Lexicon {
    zh: Vec<String>,
    en: Vec<String>,
}

impl Lexicon {
    pub fn new(seed: u64) -> Lexicon {
        let mut rng = Rng(seed);
        let mut pool: Vec<char> = HAN.chars().collect();
        pool.sort_unstable();
        pool.dedup();
        // Shuffle so frequent characters are spread over the lexicon.
        for i in (1..pool.len()).rev() {
            pool.swap(i, rng.below(i + 1));
        }
        let zh = (0..8000)
            .map(|_| {
                let len = [1, 2, 2, 2, 2, 2, 3, 3, 4][rng.below(9)];
                (0..len).map(|_| zh_char(&mut rng, &pool)).collect()
            })
            .collect();
        let mut en: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        while en.len() < 20_000 {
            let parts = rng.range(1, 4);
            en.push(
                (0..parts)
                    .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                    .collect(),
            );
        }
        Lexicon { zh, en }
    }

    /// Words of at least `min_chars` characters; ranks below `skip` (the
    /// most frequent, function-like words) are not used.
    fn zh_words(&self, rng: &mut Rng, min_chars: usize, skip: usize) -> String {
        let mut out = String::new();
        while out.chars().count() < min_chars {
            out.push_str(&self.zh[rng.zipf_from(skip, self.zh.len())]);
        }
        out
    }

    fn zh_text(&self, rng: &mut Rng, chars: usize) -> String {
        let mut out = String::new();
        while out.chars().count() < chars {
            let clause = rng.range(4, 14);
            out.push_str(&self.zh_words(rng, clause, 0));
            out.push(if rng.below(3) == 0 { '。' } else { '，' });
            if rng.below(12) == 0 {
                out.push_str(&format!("{}年", rng.range(1990, 2026)));
            }
        }
        out
    }

    fn en_words(&self, rng: &mut Rng, words: usize, skip: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(if rng.below(12) == 0 { ',' } else { ' ' });
                if out.ends_with(',') {
                    out.push(' ');
                }
            }
            out.push_str(&self.en[rng.zipf_from(skip, self.en.len())]);
        }
        out
    }
}

/// One generated article.
#[derive(Clone, Debug)]
pub struct Doc {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub section: String,
    pub language: Option<String>,
}

impl Doc {
    pub fn zh(lex: &Lexicon, rng: &mut Rng, id: usize, body_chars: usize) -> Doc {
        let title_chars = rng.range(8, 16);
        Doc {
            slug: format!("zh-{id}"),
            title: lex.zh_words(rng, title_chars, TITLE_SKIP),
            summary: lex.zh_text(rng, 50),
            body: lex.zh_text(rng, body_chars),
            section: pick_section(rng),
            language: None,
        }
    }

    pub fn en(lex: &Lexicon, rng: &mut Rng, id: usize, body_words: usize) -> Doc {
        let title_words = rng.range(5, 10);
        let mut title = lex.en_words(rng, title_words, TITLE_SKIP);
        if let Some(first) = title.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Doc {
            slug: format!("en-{id}"),
            title,
            summary: lex.en_words(rng, 25, 0),
            body: lex.en_words(rng, body_words, 0),
            section: pick_section(rng),
            language: Some("en".into()),
        }
    }

    pub fn meta_json(&self) -> String {
        let mut out = format!(
            "{{\"slug\":{},\"section\":{},\"title\":{},\"summary\":{},\"published\":\"2026-01-02T03:04:05+08:00\"",
            json_string(&self.slug),
            json_string(&self.section),
            json_string(&self.title),
            json_string(&self.summary)
        );
        if let Some(lang) = &self.language {
            out.push_str(&format!(",\"language\":{}", json_string(lang)));
        }
        out.push('}');
        out
    }
}

fn pick_section(rng: &mut Rng) -> String {
    SECTIONS[rng.zipf(SECTIONS.len())].to_string()
}

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An endless stream of generated docs, a share `zh_percent` of them
/// Chinese, of realistic length (zh body 500–1,100 chars, en 250–550 words).
pub struct Generator {
    lex: Lexicon,
    rng: Rng,
    zh_percent: usize,
    next_id: usize,
}

impl Generator {
    pub fn new(zh_percent: usize, seed: u64) -> Generator {
        Generator {
            lex: Lexicon::new(seed),
            rng: Rng(seed ^ 0x5DEE_CE66),
            zh_percent,
            next_id: 0,
        }
    }
}

impl Iterator for Generator {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        let (rng, id) = (&mut self.rng, self.next_id);
        self.next_id += 1;
        Some(if rng.below(100) < self.zh_percent {
            let chars = rng.range(500, 1100);
            Doc::zh(&self.lex, rng, id, chars)
        } else {
            let words = rng.range(250, 550);
            Doc::en(&self.lex, rng, id, words)
        })
    }
}

/// The first `n` docs of [`Generator`].
pub fn collection(n: usize, zh_percent: usize, seed: u64) -> Vec<Doc> {
    Generator::new(zh_percent, seed).take(n).collect()
}

/// Hands `doc` to `writer`.
pub fn add(writer: &mut Writer, d: &Doc) {
    let meta = d.meta_json();
    writer.add(&DocInput {
        key: &d.slug,
        title: &d.title,
        summary: &d.summary,
        body_text: &d.body,
        section: &d.section,
        language: d.language.as_deref(),
        meta_json: &meta,
    });
}

/// Writes `docs` (newest first, so the last gets id 0) into memory.
pub fn build(docs: &[Doc], params: Params) -> Index {
    let mut writer = Writer::new(params);
    for d in docs.iter().rev() {
        add(&mut writer, d);
    }
    let (files, stats) = writer.finish_to_vec();
    Index {
        files: files.into_iter().collect(),
        stats,
    }
}

/// Writes `docs` (oldest first, ids in that order) over `previous`, as a build over the
/// previous output does.
pub fn build_over(previous: &Index, docs: &[&Doc], params: Params) -> Index {
    let mut writer = Writer::over(params.clone(), &previous.files);
    for d in docs {
        add(&mut writer, d);
    }
    if writer.needs_every_document() {
        // As the builder does: a re-merge needs every document's terms.
        writer = Writer::new(params);
        for d in docs {
            add(&mut writer, d);
        }
    }
    let (files, stats) = writer.finish_over_map(&previous.files);
    Index {
        files: files.into_iter().collect(),
        stats,
    }
}

/// A written index, read the way the app reads it.
pub struct Index {
    pub files: BTreeMap<String, Vec<u8>>,
    pub stats: Stats,
}

impl Index {
    pub fn root(&self) -> Root {
        Root::parse(std::str::from_utf8(&self.files["index.txt"]).unwrap()).unwrap()
    }

    pub fn shard(&self, path: &str) -> Shard {
        Shard::parse(&self.files[path]).unwrap_or_else(|| panic!("{path} does not parse"))
    }

    /// Runs `q` with optional section and language filters over every segment; also
    /// returns the paths fetched. Hits are by global id (0 the oldest).
    pub fn query_ids(
        &self,
        q: &str,
        section: Option<&str>,
        language: Option<&str>,
    ) -> (Results, Vec<String>) {
        let root = self.root();
        let query = parse_query(q);
        let mut fetched = vec!["index.txt".to_string()];
        let mut files = Vec::new();
        for segment in &root.segments {
            let mut these = SegmentFiles::default();
            let paths = [
                section.map(|s| segment.section_filter_path(s)),
                language.map(|l| segment.language_filter_path(l)),
            ];
            if !segment.has_files() || paths.iter().any(|p| matches!(p, Some(None))) {
                files.push(these);
                continue;
            }
            let needs = segment.shards_for(&query);
            for n in needs.terms {
                let path = segment.term_shard_path(n);
                these.terms.push(self.shard(&path));
                fetched.push(path);
            }
            for n in needs.positions {
                let path = segment.position_shard_path(n);
                these.positions.push(self.shard(&path));
                fetched.push(path);
            }
            let mut filters = Vec::new();
            for path in paths.into_iter().flatten().flatten() {
                filters.push(Filter::parse(&self.files[&path]).unwrap());
                fetched.push(path);
            }
            these.filters = Some(filters);
            files.push(these);
        }
        (
            broadsheet_app::search::search(&root, &query, &files),
            fetched,
        )
    }

    /// [`Index::query_ids`] of an index made by [`build`], hits by their place in its
    /// list of docs (newest first).
    pub fn query(
        &self,
        q: &str,
        section: Option<&str>,
        language: Option<&str>,
    ) -> (Results, Vec<String>) {
        let (mut results, fetched) = self.query_ids(q, section, language);
        let last = self.root().docs - 1;
        for hit in &mut results.hits {
            hit.0 = last - hit.0;
        }
        (results, fetched)
    }

    pub fn docs(&self, q: &str) -> Vec<u32> {
        self.query(q, None, None)
            .0
            .hits
            .iter()
            .map(|h| h.0)
            .collect()
    }

    /// The slugs of `q`'s results, best first.
    pub fn slugs(&self, q: &str) -> Vec<String> {
        let root = self.root();
        let (results, _) = self.query_ids(q, None, None);
        results
            .hits
            .iter()
            .map(|&(id, _)| {
                let path = broadsheet_app::search::doc_chunk_path(root.doc_chunk(id));
                let chunk: serde_json::Value = serde_json::from_slice(&self.files[&path]).unwrap();
                chunk[(id % root.chunk) as usize]["slug"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no summary for {id}"))
                    .to_string()
            })
            .collect()
    }
}
