//! Bidi isolation of arguments (its own process: it switches a global).
//! In the window, a system text inside an Arabic sentence keeps its own
//! direction; the command line gets no marks, which terminals would show.

use hudhud_core::fl;
use hudhud_core::i18n;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';
const RLM: char = '\u{200F}';

#[test]
fn system_texts_are_isolated_in_the_window_and_bare_on_the_command_line() {
    let detail = "Connection refused (os error 111)";
    i18n::select(&["ar".parse().unwrap()]);

    // The command line: the sentence as written, no invisible marks.
    let plain = fl!("ui-window-failed", detail = detail);
    assert!(plain.ends_with(&format!(" {detail}")), "{plain:?}");
    assert!(!plain.contains([FSI, PDI, RLM]), "{plain:?}");

    // The window: the English text is one isolated run, and the Arabic
    // sentence is marked right to left even where it starts with an argument.
    i18n::set_isolating(true);
    let isolated = fl!("ui-window-failed", detail = detail);
    assert!(isolated.starts_with(RLM), "{isolated:?}");
    assert!(
        isolated.contains(&format!("{FSI}{detail}{PDI}")),
        "{isolated:?}"
    );
    let starts_with_argument = fl!("recipient-warning", address = "a@b.example", warning = "x");
    assert!(
        starts_with_argument.starts_with(&format!("{RLM}{FSI}")),
        "{starts_with_argument:?}"
    );

    // A switch of language keeps isolation; English needs no leading mark.
    i18n::select(&["en".parse().unwrap()]);
    let english = fl!("ui-window-failed", detail = detail);
    assert!(!english.starts_with(RLM), "{english:?}");
    assert!(
        english.contains(&format!("{FSI}{detail}{PDI}")),
        "{english:?}"
    );

    i18n::set_isolating(false);
    assert!(!fl!("ui-window-failed", detail = detail).contains([FSI, PDI, RLM]));
}
