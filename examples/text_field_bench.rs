//! How long the mixed-direction text field takes per keystroke and per
//! click in a long Arabic/English body, through the same event path as the
//! window (iced_test's headless simulator, tiny-skia, the bundled fonts).
//!
//! The second part does the same with spell checking on (the system's
//! Hunspell dictionaries, hunspell-en-us and hunspell-ar) over a body of
//! varied words taken from the dictionaries themselves, one in twenty
//! misspelt.
//!
//! Run: cargo run --release --example text_field_bench [lines]

use std::sync::Arc;
use std::time::{Duration, Instant};

use hudhud::ui::spell::{self, Speller};
use hudhud::ui::widget::editor;
use iced::{Element, Point, Size};
use iced_test::Simulator;

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let line = "مرحبا hello عالم، هذا سطر من رسالة طويلة with some English words, 2025.";
    let body: String = vec![line; lines].join("\n");
    println!("body: {lines} lines, {} KB", body.len() / 1024);

    let started = Instant::now();
    let field: Element<'_, String> = editor::multi_line("", &body).on_input(|s| s).into();
    let mut ui = Simulator::with_size(hudhud::ui::settings(), Size::new(800.0, 600.0), field);
    println!("first layout: {:?}", started.elapsed());

    // Into the middle of the text, then type, move and click there.
    ui.point_at(Point::new(400.0, 300.0));
    ui.simulate(iced_test::simulator::click());
    let per = |what: &str, n: usize, took: Duration| {
        println!("{what}: {:?} each ({n} in {took:?})", took / n as u32);
    };

    let text = "سلام hello ";
    let n = 200;
    let started = Instant::now();
    for i in 0..n {
        let c = text
            .chars()
            .nth(i % text.chars().count())
            .unwrap()
            .to_string();
        ui.typewrite(&c);
    }
    per("keystroke (typing)", n, started.elapsed());

    let started = Instant::now();
    for _ in 0..n {
        ui.tap_key(iced::keyboard::Key::Named(
            iced::keyboard::key::Named::ArrowLeft,
        ));
    }
    per("arrow key", n, started.elapsed());

    let started = Instant::now();
    for i in 0..n {
        ui.point_at(Point::new(
            50.0 + (i * 7 % 700) as f32,
            20.0 + (i * 13 % 560) as f32,
        ));
        ui.simulate(iced_test::simulator::click());
    }
    per("click", n, started.elapsed());

    let started = Instant::now();
    for _ in 0..20 {
        ui.tap_key(iced::keyboard::Key::Named(
            iced::keyboard::key::Named::Enter,
        ));
    }
    per("Enter (splits a line)", 20, started.elapsed());

    let started = Instant::now();
    let frames = 20;
    for _ in 0..frames {
        ui.snapshot(&iced::Theme::Light).expect("draws");
    }
    per("frame drawn (800×600 at 2×)", frames, started.elapsed());

    spelling(lines);
}

/// Every `step`th stem of a Hunspell .dic file (flags cut off).
fn stems(path: &std::path::Path, step: usize) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .skip(1)
        .step_by(step)
        .map(|l| l.split('/').next().unwrap_or("").trim().to_owned())
        .filter(|w| spell::checkable(w).is_some())
        .collect()
}

fn spelling(lines: usize) {
    println!("\nspell checking");
    let started = Instant::now();
    let speller = Arc::new(Speller::load(
        &spell::search_dirs(),
        &std::env::temp_dir().join("hudhud-bench-no-personal"),
    ));
    println!(
        "dictionaries read: {:?} ({:?})",
        started.elapsed(),
        speller.sources.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
    let (Some(en), Some(ar)) = (
        speller
            .sources
            .iter()
            .find(|s| s.language == spell::Language::English),
        speller
            .sources
            .iter()
            .find(|s| s.language == spell::Language::Arabic),
    ) else {
        println!("no English and Arabic dictionaries: install hunspell-en-us and hunspell-ar");
        return;
    };
    let english = stems(&en.aff.with_extension("dic"), 7);
    let arabic = stems(&ar.aff.with_extension("dic"), 37);
    // Six English and six Arabic words a line, all different; every
    // twentieth has two letters swapped.
    let mut n = 0;
    let mut word = |list: &[String]| {
        n += 1;
        let w = &list[(n * 7919) % list.len()];
        let mut chars: Vec<char> = w.chars().collect();
        if n % 20 == 0 && chars.len() > 3 {
            chars.swap(1, 2);
        }
        chars.into_iter().collect::<String>()
    };
    let body: String = (0..lines)
        .map(|_| {
            let mut line = Vec::new();
            for _ in 0..6 {
                line.push(word(&arabic));
            }
            for _ in 0..6 {
                line.push(word(&english));
            }
            line.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    println!(
        "body: {lines} lines, {} words, {} KB",
        lines * 12,
        body.len() / 1024
    );

    let started = Instant::now();
    let misspelt: usize = body.lines().map(|l| speller.misspelt(l).len()).sum();
    println!(
        "checking the whole body, every word new: {:?} ({misspelt} misspelt)",
        started.elapsed()
    );
    let started = Instant::now();
    let again: usize = body.lines().map(|l| speller.misspelt(l).len()).sum();
    assert_eq!(again, misspelt);
    println!("checking it again (words known): {:?}", started.elapsed());

    // The same body and steps with spelling off, then on.
    for on in [false, true] {
        let fresh = Arc::new(Speller::load(
            &spell::search_dirs(),
            &std::env::temp_dir().join("hudhud-bench-no-personal"),
        ));
        println!("spelling {}:", if on { "on" } else { "off" });
        in_the_field(&body, on.then_some(fresh));
    }

    for word in ["recieve", "accomodationnss", "كتابب", "والمستشفياتتهم"] {
        let started = Instant::now();
        let found = speller.suggest(word);
        println!(
            "suggestions for {word}: {:?} (off the window's thread) {found:?}",
            started.elapsed()
        );
    }
}

fn in_the_field(body: &str, speller: Option<Arc<Speller>>) {
    let started = Instant::now();
    let field: Element<'_, String> = editor::multi_line("", body)
        .on_input(|s| s)
        .spell_check(speller)
        .into();
    let mut ui = Simulator::with_size(hudhud::ui::settings(), Size::new(800.0, 600.0), field);
    ui.snapshot(&iced::Theme::Light).expect("draws");
    println!(
        "  first layout and frame (lines in view checked): {:?}",
        started.elapsed()
    );
    ui.point_at(Point::new(400.0, 300.0));
    ui.simulate(iced_test::simulator::click());
    let per = |what: &str, n: usize, took: Duration| {
        println!("{what}: {:?} each ({n} in {took:?})", took / n as u32);
    };
    let n = 20;
    let started = Instant::now();
    for i in 0..n {
        ui.typewrite(if i % 2 == 0 { "x" } else { " " });
        ui.snapshot(&iced::Theme::Light).expect("draws");
    }
    per("  keystroke and frame", n, started.elapsed());
    let started = Instant::now();
    let pages = 30;
    for _ in 0..pages {
        ui.tap_key(iced::keyboard::Key::Named(
            iced::keyboard::key::Named::PageDown,
        ));
        ui.snapshot(&iced::Theme::Light).expect("draws");
    }
    per(
        "  Page Down and frame (new lines checked)",
        pages,
        started.elapsed(),
    );
}
