//! Feeds in a legacy encoding that they do not declare: imported in the encoding
//! guessed from their bytes, with a note that says it was guessed.

use std::fs;

use crate::common::copy_fixture;
use broadsheet::import;

/// A headline and a paragraph of news in each language, and the legacy encoding that
/// writes them.
const NEWS: [(&str, &str, &str); 5] = [
    (
        "GBK",
        "港城渡轮新航线周一开通",
        "市政府今天宣布，连接港城与东岛的新渡轮航线将于下周一正式开通。首班船早上六点半从中环码头出发，全程约需四十分钟。交通局表示，票价与现有航线相同，长者及学生可享半价优惠。",
    ),
    (
        "Big5",
        "港城渡輪新航線週一開通",
        "市政府今日宣布，連接港城與東島的新渡輪航線將於下週一正式開通。首班船早上六點半從中環碼頭出發，全程約需四十分鐘。交通局表示，票價與現有航線相同，長者及學生可享半價優惠。",
    ),
    (
        "Shift_JIS",
        "港町に新しいフェリー航路が開通",
        "市は本日、港町と東島を結ぶ新しいフェリー航路を来週月曜日に開通すると発表した。始発は午前六時半に中央埠頭を出発し、所要時間は約四十分。運賃は既存の航路と同じで、高齢者と学生は半額となる。",
    ),
    (
        "EUC-KR",
        "항구 도시에 새 여객선 노선 개통",
        "시는 오늘 항구 도시와 동섬을 잇는 새 여객선 노선을 다음 주 월요일에 개통한다고 밝혔다. 첫 배는 오전 여섯 시 반에 중앙 부두를 출발하며 약 사십 분이 걸린다. 요금은 기존 노선과 같고 노인과 학생은 반값이다.",
    ),
    (
        "windows-1252",
        "Neue Fährlinie verbindet die Inseln ab Montag",
        "Die Stadt hat heute angekündigt, dass die neue Fährverbindung zwischen Hafenstadt und Ostinsel am kommenden Montag in Betrieb geht. Die erste Fähre legt um halb sieben am Zentralkai ab; die Überfahrt dauert etwa vierzig Minuten. Senioren und Schüler zahlen die Hälfte.",
    ),
];

/// An RSS feed with one item and no XML declaration.
fn feed(id: &str, title: &str, text: &str) -> String {
    format!(
        "<rss version=\"2.0\"><channel><title>{title}</title><link>https://wire.example/</link>\
         <description>{text}</description><item><title>{title}</title>\
         <link>https://wire.example/{id}</link><guid>https://wire.example/{id}</guid>\
         <pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate>\
         <description>&lt;p&gt;{text}&lt;/p&gt;</description></item></channel></rss>"
    )
}

#[test]
fn undeclared_legacy_feeds_import_with_their_titles_intact_and_a_note() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    for (name, title, text) in NEWS {
        let enc = encoding_rs::Encoding::for_label(name.as_bytes()).expect("label");
        let xml = feed(name, title, text);
        let (bytes, _, unmappable) = enc.encode(&xml);
        assert!(!unmappable, "{name} cannot write the sample");
        let file = tmp.path().join(format!("{name}.xml"));
        fs::write(&file, &bytes).expect("feed file");
        let report = import::run(&content, &[file], None).expect("import runs");
        assert_eq!(report.written.len(), 1, "{name}: {report:#?}");
        let article = fs::read_to_string(&report.written[0]).expect("article");
        let expected = format!("title = {}", toml::Value::String(title.into()));
        assert!(article.lines().any(|l| l == expected), "{name}: {article}");
        assert!(article.contains(text), "{name}: the body is not intact");
        let note = format!("read as {name} (guessed)");
        assert!(
            report.messages.iter().any(|m| m.contains(&note)),
            "{name}: {:?}",
            report.messages
        );
    }
    broadsheet::check(&content, None).expect("the imported articles pass check");
}
