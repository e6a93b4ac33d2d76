//! The synthetic corpus for the build benchmarks: a deterministic content folder of
//! mixed zh-CN and English articles — the same count and seed always give
//! byte-identical files. A benchmark tool, so it lives here, not in the editor's CLI.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::rng::Rng;

const SECTIONS: &[(&str, &str)] = &[
    ("news", "要闻"),
    ("city", "城市"),
    ("business", "财经"),
    ("tech", "科技"),
    ("culture", "文化"),
    ("sport", "体育"),
];
const TAGS: &[&str] = &[
    "交通",
    "Transport",
    "经济",
    "Housing",
    "教育",
    "Climate",
    "港口",
    "Elections",
    "医疗",
    "Startups",
    "天气",
    "Football",
    "文化遗产",
    "AI",
    "房地产",
    "Tourism",
    "环境",
    "Energy",
    "5G网络",
    "Courts",
    "Budget",
    "餐饮",
    "Film",
    "Music",
    "Science",
    "Schools",
    "Water",
    "Ferries",
    "Markets",
    "Health",
];
const EN_WORDS: &[&str] = &[
    "the",
    "city",
    "council",
    "harbour",
    "new",
    "plan",
    "residents",
    "said",
    "on",
    "Monday",
    "after",
    "months",
    "of",
    "debate",
    "over",
    "ferry",
    "line",
    "budget",
    "and",
    "a",
    "report",
    "showed",
    "that",
    "prices",
    "rose",
    "in",
    "district",
    "officials",
    "expect",
    "more",
    "visitors",
    "this",
    "year",
    "while",
    "schools",
    "reopen",
    "with",
    "longer",
    "hours",
    "market",
    "traders",
    "welcomed",
    "the",
    "decision",
    "but",
    "warned",
    "costs",
    "could",
    "climb",
    "further",
    "island",
    "bridge",
    "opens",
    "to",
    "traffic",
    "weather",
    "storm",
    "season",
    "museum",
    "exhibition",
    "draws",
    "crowds",
    "team",
    "won",
    "final",
    "match",
    "players",
    "coach",
    "energy",
    "solar",
    "panels",
    "installed",
    "across",
    "rooftops",
    "hospital",
    "wing",
    "nurses",
    "patients",
    "data",
];
/// Every piece of Chinese text the generator writes (the search bench avoids queries
/// that these could match).
pub const ZH_PHRASES: &[&str] = &[
    "市政府",
    "今天宣布",
    "新的轮渡航线",
    "将于下月开通",
    "居民表示",
    "交通更加便利",
    "据统计",
    "港口吞吐量",
    "同比增长",
    "百分之十二",
    "专家认为",
    "这一趋势",
    "还将持续",
    "记者了解到",
    "相关部门",
    "正在研究",
    "进一步的措施",
    "以改善",
    "城市环境",
    "天气预报显示",
    "未来三天",
    "将有强降雨",
    "市民出行",
    "注意安全",
    "博物馆",
    "举办展览",
    "吸引了大批游客",
    "学校",
    "新学期",
    "开学",
    "科技企业",
    "发布新产品",
    "市场反应",
    "十分积极",
    "足球队",
    "赢得比赛",
    "球迷们",
    "欢呼庆祝",
    "医院",
    "新建病房",
    "投入使用",
    "房价",
    "保持稳定",
];
const NAMES: &[&str] = &[
    "Lin Wei",
    "Ana Costa",
    "Sam Reid",
    "张晓",
    "李明",
    "Priya Nair",
    "王芳",
    "Tom Berg",
];

/// Writes `site.toml` and `articles` articles into `out` (which must not exist or be empty);
/// returns the minutes from the first article to the last.
pub fn generate(out: &Path, articles: usize, seed: u64) -> Result<u64> {
    if out.exists()
        && fs::read_dir(out)
            .with_context(|| format!("reading {}", out.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty: the corpus goes into a fresh folder",
            out.display()
        );
    }
    write_site(out)?;
    write_articles(out, articles, seed)
}

/// The synthetic site's `site.toml` in `out`.
pub fn write_site(out: &Path) -> Result<()> {
    fs::create_dir_all(out).with_context(|| format!("writing {}", out.display()))?;
    let site = out.join("site.toml");
    fs::write(&site, site_toml()).with_context(|| format!("writing {}", site.display()))
}

/// `articles` synthetic articles into `out/articles/<year>/<month>/`; returns the minutes
/// from the first article to the last.
pub fn write_articles(out: &Path, articles: usize, seed: u64) -> Result<u64> {
    let dir = out.join("articles");
    fs::create_dir_all(&dir).with_context(|| format!("writing {}", dir.display()))?;
    let mut rng = Rng::new(seed);
    let mut minutes: u64 = 0;
    for i in 0..articles {
        if !rng.chance(2) {
            minutes += rng.range(1, 90) as u64; // ~2% share the previous instant
        }
        let (sub, text) = article(&mut rng, i, minutes);
        let folder = dir.join(sub);
        fs::create_dir_all(&folder).with_context(|| format!("writing {}", folder.display()))?;
        let path = folder.join(format!("a{i:06}.md"));
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(minutes)
}

/// The front-matter date of an article `minutes` after the corpus's start (site time).
pub fn local_stamp(minutes: u64) -> String {
    let (day, minute) = (minutes / 1440, minutes % 1440);
    let (y, m, d) = civil_date(day);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00",
        minute / 60,
        minute % 60
    )
}

fn site_toml() -> String {
    let mut s = String::from(
        "title = \"Synthetic Daily 合成日报\"\ndescription = \"Generated content for load tests\"\nbase_url = \"https://example.org/\"\nlanguage = \"zh-CN\"\ntime_zone = \"Asia/Shanghai\"\npage_size = 10\ncopyright = \"© 2026 Synthetic Daily\"\n\n[publisher]\nname = \"Synthetic Media\"\naddress = \"1 Test Road\"\ncontact = \"news@example.org\"\n",
    );
    for (slug, name) in SECTIONS {
        let _ = write!(s, "\n[[sections]]\nslug = \"{slug}\"\nname = \"{name}\"\n");
    }
    s
}

/// One article: its sub-folder and its text. `minutes` after 2024-01-01 00:00 local.
fn article(rng: &mut Rng, i: usize, minutes: u64) -> (String, String) {
    let zh = rng.chance(60);
    let date = civil_date(minutes / 1440);
    let sub = format!("{}/{:02}", date.0, date.1);
    let title = if zh {
        zh_sentence(rng, 2, 4)
    } else {
        en_title(rng)
    };
    let mut fm = String::from("+++\n");
    let _ = writeln!(fm, "title = {}", toml::Value::String(title));
    let _ = writeln!(fm, "date = {}", local_stamp(minutes));
    let _ = writeln!(
        fm,
        "section = \"{}\"",
        SECTIONS[rng.range(0, SECTIONS.len() - 1)].0
    );
    let mut tags: Vec<&str> = (0..rng.range(0, 4))
        .map(|_| rng.pick_skewed(TAGS))
        .collect();
    tags.dedup();
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    let _ = writeln!(fm, "tags = [{}]", tags.join(", "));
    if !zh {
        fm.push_str("language = \"en\"\n");
    }
    if rng.chance(30) {
        let _ = writeln!(
            fm,
            "summary = {}",
            toml::Value::String(if zh {
                zh_sentence(rng, 6, 10)
            } else {
                en_sentence(rng, 14, 24)
            })
        );
    }
    if rng.chance(50) {
        let _ = writeln!(fm, "views = {}", rng.range(10, 250_000));
    }
    if rng.chance(2) {
        fm.push_str("draft = true\n");
    }
    let _ = write!(
        fm,
        "\n[credits]\nwriters = [\"{}\"]\n+++\n\n",
        rng.pick(NAMES)
    );
    let body = if zh {
        body(rng, true, i)
    } else {
        body(rng, false, i)
    };
    (sub, fm + &body)
}

fn body(rng: &mut Rng, zh: bool, i: usize) -> String {
    let mut b = String::new();
    let paragraphs = if zh {
        rng.range(3, 12)
    } else {
        rng.range(4, 14)
    };
    for p in 0..paragraphs {
        if p > 0 && rng.chance(15) {
            let h = if zh {
                zh_sentence(rng, 2, 3)
            } else {
                en_title(rng)
            };
            let _ = write!(b, "## {h}\n\n");
        }
        let sentences = rng.range(2, 6);
        let para: Vec<String> = (0..sentences)
            .map(|_| {
                if zh {
                    zh_sentence(rng, 3, 8)
                } else {
                    en_sentence(rng, 8, 20)
                }
            })
            .collect();
        b.push_str(&para.join(if zh { "" } else { " " }));
        b.push_str("\n\n");
        if rng.chance(5) {
            let _ = write!(
                b,
                "> {}\n\n",
                if zh {
                    zh_sentence(rng, 3, 6)
                } else {
                    en_sentence(rng, 6, 14)
                }
            );
        }
    }
    if rng.chance(10) {
        let _ = write!(
            b,
            "| item | value |\n|---|---:|\n| a | {} |\n| b | {} |\n\n",
            rng.range(1, 999),
            rng.range(1, 999)
        );
    }
    if rng.chance(10) {
        let _ = write!(
            b,
            "Source note[^n{i}].\n\n[^n{i}]: {}\n",
            if zh {
                zh_sentence(rng, 2, 4)
            } else {
                en_sentence(rng, 5, 10)
            }
        );
    }
    b
}

fn en_sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let words: Vec<&str> = (0..rng.range(lo, hi)).map(|_| rng.pick(EN_WORDS)).collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s + "."
}

fn en_title(rng: &mut Rng) -> String {
    let words: Vec<String> = (0..rng.range(4, 9))
        .map(|_| {
            let w = rng.pick(EN_WORDS);
            w.get(..1)
                .map_or_else(String::new, |f| f.to_uppercase() + &w[1..])
        })
        .collect();
    words.join(" ")
}

fn zh_sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let parts: Vec<&str> = (0..rng.range(lo, hi))
        .map(|_| rng.pick(ZH_PHRASES))
        .collect();
    parts.join("，") + "。"
}

/// (year, month, day) of `days` after 2024-01-01.
fn civil_date(days: u64) -> (i64, u32, u32) {
    let start = jiff::civil::date(2024, 1, 1);
    let d = start
        .checked_add(jiff::Span::new().days(i64::try_from(days.min(3_000_000)).unwrap_or(0)))
        .unwrap_or(start);
    (
        i64::from(d.year()),
        u32::from(d.month() as u8),
        u32::from(d.day() as u8),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_files() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        generate(&a.path().join("c"), 30, 7).unwrap();
        generate(&b.path().join("c"), 30, 7).unwrap();
        let read = |root: &Path| {
            let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().strip_prefix(root).unwrap().display().to_string(),
                        fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            files
        };
        assert_eq!(read(&a.path().join("c")), read(&b.path().join("c")));
    }

    #[test]
    fn generated_content_passes_the_checks() {
        let dir = tempfile::tempdir().unwrap();
        generate(&dir.path().join("c"), 60, 1).unwrap();
        let report = broadsheet::check(&dir.path().join("c"), None).unwrap();
        assert!(report.articles + report.drafts == 60);
    }

    #[test]
    fn gen_refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x"), "").unwrap();
        assert!(generate(dir.path(), 1, 1).is_err());
    }
}
