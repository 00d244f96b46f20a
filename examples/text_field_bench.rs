//! How long the mixed-direction text field takes per keystroke and per
//! click in a long Arabic/English body, through the same event path as the
//! window (iced_test's headless simulator, tiny-skia, the bundled fonts).
//!
//! Run: cargo run --release --example text_field_bench [lines]

use std::time::{Duration, Instant};

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
}
