//! Fluent translations (i18n-embed), and the language choice.
//!
//! The language comes from `HUDHUD_LANG`, then the `language` setting, then the
//! operating system's locale; English is the fallback for anything missing.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

#[derive(RustEmbed)]
#[folder = "../../i18n/"]
struct Localizations;

pub static LANGUAGE_LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    loader
        .load_fallback_language(&Localizations)
        .expect("the English translation is embedded at build time");
    // Fluent's isolation marks would show up as stray characters in logs
    // and terminals; the window turns them on (see `set_isolating`).
    loader.set_use_isolating(ISOLATING.load(Ordering::Relaxed));
    loader
});

static ISOLATING: AtomicBool = AtomicBool::new(false);

/// Wraps every argument of every message in Unicode isolation marks (FSI …
/// PDI), so that an English system text, an address or a host name inside an
/// Arabic sentence keeps its own direction ("(os error 111)" stays whole at
/// the end where it belongs). For the window only: terminals show the marks.
pub fn set_isolating(on: bool) {
    ISOLATING.store(on, Ordering::Relaxed);
    LANGUAGE_LOADER.set_use_isolating(on);
    MARK_RTL.store(on && is_rtl(), Ordering::Relaxed);
}

/// Isolated arguments do not count when a paragraph's direction is taken
/// from its first letter, so an Arabic sentence that starts with one ("{
/// $warning } («{ $address }»)") would be laid out left to right: with
/// isolation on in a right-to-left language, messages start with a
/// right-to-left mark.
static MARK_RTL: AtomicBool = AtomicBool::new(false);

#[doc(hidden)]
pub fn directed(message: String) -> String {
    if MARK_RTL.load(Ordering::Relaxed) {
        format!("\u{200F}{message}")
    } else {
        message
    }
}

/// Looks up a translated message: `fl!("id")` or `fl!("id", name = value, ...)`.
#[macro_export]
macro_rules! fl {
    ($message_id:literal) => {{
        $crate::__i18n_embed_fl::fl!($crate::i18n::LANGUAGE_LOADER, $message_id)
    }};
    ($message_id:literal, $($args:expr),* $(,)?) => {{
        $crate::i18n::directed($crate::__i18n_embed_fl::fl!(
            $crate::i18n::LANGUAGE_LOADER,
            $message_id,
            $($args),*
        ))
    }};
}

/// Languages the program ships, as BCP 47 tags.
pub const AVAILABLE: &[&str] = &["en", "ar"];

/// Chooses the language: `HUDHUD_LANG`, then the setting, then the OS locale.
/// Returns the tag now in use.
pub fn init(setting: Option<&str>) -> String {
    let requested: Vec<LanguageIdentifier> = match std::env::var("HUDHUD_LANG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            setting
                .filter(|s| !s.is_empty() && *s != "system")
                .map(str::to_owned)
        }) {
        Some(tag) => parse_tag(&tag).into_iter().collect(),
        None => DesktopLanguageRequester::requested_languages(),
    };
    select(&requested)
}

/// Switches to the given languages (best match first); returns the tag in use.
pub fn select(requested: &[LanguageIdentifier]) -> String {
    // Reloading the language in use would, for a moment, let another thread
    // format with the bundles half reset (with isolation marks): skip it.
    // One switch at a time, so that two first callers do not both reload.
    static SWITCHING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = SWITCHING.lock().unwrap_or_else(|e| e.into_inner());
    let current = current_language();
    if requested
        .iter()
        .map(|l| l.language.as_str())
        .find(|l| AVAILABLE.contains(l))
        .is_some_and(|best| best == current)
    {
        return current;
    }
    // An unavailable language is not an error: English stays loaded.
    let _ = i18n_embed::select(&*LANGUAGE_LOADER, &Localizations, requested);
    // Loading bundles resets this per bundle, so set it again.
    let isolating = ISOLATING.load(Ordering::Relaxed);
    LANGUAGE_LOADER.set_use_isolating(isolating);
    MARK_RTL.store(isolating && is_rtl(), Ordering::Relaxed);
    current_language()
}

pub fn current_language() -> String {
    LANGUAGE_LOADER
        .current_languages()
        .first()
        .map(|l| l.language.as_str().to_owned())
        .unwrap_or_else(|| "en".to_owned())
}

/// True when the current language is written right to left.
pub fn is_rtl() -> bool {
    matches!(current_language().as_str(), "ar" | "he" | "fa" | "ur")
}

/// Accepts "ar", "ar_EG.UTF-8", "en-US" and the like.
fn parse_tag(tag: &str) -> Option<LanguageIdentifier> {
    let base = tag
        .split(['.', '@'])
        .next()
        .unwrap_or(tag)
        .replace('_', "-");
    base.parse().ok()
}

/// The raw text of the embedded .ftl file for a language, for tests and tools.
pub fn ftl_source(lang: &str) -> Option<String> {
    Localizations::get(&format!("{lang}/hudhud.ftl"))
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_posix_locale_names() {
        assert_eq!(parse_tag("ar_EG.UTF-8").unwrap().to_string(), "ar-EG");
        assert_eq!(parse_tag("en").unwrap().to_string(), "en");
    }

    fn ids(src: &str) -> std::collections::BTreeSet<String> {
        src.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn english_and_arabic_carry_the_same_message_ids() {
        let en = ids(&ftl_source("en").unwrap());
        let ar = ids(&ftl_source("ar").unwrap());
        assert!(en.len() > 20, "the English file looks empty");
        let only_en: Vec<_> = en.difference(&ar).collect();
        let only_ar: Vec<_> = ar.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_ar.is_empty(),
            "only in en: {only_en:?}; only in ar: {only_ar:?}"
        );
    }
}
