//! Address chips in the Arabic window: they run right to left, the text
//! field after them on their left, and the reason of an invalid chip is in
//! Arabic. A separate test binary, because the language is process-wide.

use hudhud::ui::compose::Compose;
use iced_test::{Simulator, selector};

#[test]
fn chips_run_right_to_left_and_speak_arabic() {
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    let mut compose = Compose::new(None);
    compose.to = "Omar <omar@example.org>, سلمى <salma@example.net>, bad@".into();
    compose.to.selected = Some(2);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), compose.view(&[], &[]));
    let omar = ui.find("Omar").expect("the first chip").bounds();
    let salma = ui.find("سلمى").expect("the Arabic name").bounds();
    let bad = ui.find("bad@").expect("the invalid chip").bounds();
    let field = ui
        .find(selector::id("to"))
        .expect("the text field")
        .bounds();
    assert!(
        omar.x > salma.x && salma.x > bad.x,
        "first at the right: {omar:?} {salma:?} {bad:?}"
    );
    assert!(
        field.x + field.width <= bad.x + 1.0 || field.y > bad.y,
        "the field after the chips"
    );
    ui.find(
        "\u{200F}«bad@» ليس عنوانًا: الجزء الذي بعد @ ليس نطاقًا صالحًا. انقر عليه مرتين لتصحيحه.",
    )
    .expect("the selected chip's reason, in Arabic, right to left");
}

#[test]
fn an_invalid_chip_says_why_in_arabic_without_being_selected() {
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    let mut compose = Compose::new(Some("work".into()));
    compose.to = "omar@example.org, bad@".into();
    assert_eq!(compose.to.selected, None);
    assert!(!compose.can_send(), "Send is greyed out");
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), compose.view(&[], &[]));
    ui.find(
        "\u{200F}«bad@» ليس عنوانًا: الجزء الذي بعد @ ليس نطاقًا صالحًا. انقر عليه مرتين لتصحيحه.",
    )
    .expect("the reason, in Arabic, without hovering or selecting");
}
