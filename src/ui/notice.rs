//! One notification model for the window: toasts say what just happened and
//! go away by themselves; banners stay for what needs the user (a failure to
//! read) until dismissed. Neither pushes the layout: they float above it.
//!
//! A line never goes stale: a new outcome replaces the toasts before it, a
//! toast about a message goes when that message changes again, and every
//! toast has an end.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::ui::theme::Tone;

/// How long a toast stays.
pub const TOAST_SECS: i64 = 5;

/// The most of a toast's words shown: about two lines of a toast's width.
/// A toast is a glance (a 300-character subject made one nine lines high,
/// over compose's buttons); a banner, which needs reading, is shown whole.
pub const TOAST_CHARS: usize = 72;

/// Banners kept at once; older ones give way.
const MAX_BANNERS: usize = 3;

/// What a notice says: words of now, or words made when shown (an error
/// kept as it came is put into the language of the moment, so a banner
/// follows a change of language).
#[derive(Clone)]
pub enum Text {
    Now(String),
    WhenShown(Arc<dyn Fn() -> String + Send + Sync>),
}

impl Text {
    pub fn get(&self) -> String {
        match self {
            Text::Now(text) => text.clone(),
            Text::WhenShown(words) => words(),
        }
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.get())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.get() == other.get()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Now(text)
    }
}

/// An error is kept as data and worded in the language of the moment.
impl From<crate::services::ServiceError> for Text {
    fn from(error: crate::services::ServiceError) -> Text {
        Text::when_shown(move || error.to_string())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Now(text.to_owned())
    }
}

impl Text {
    /// Words made each time the notice is shown, e.g. `Text::when_shown(move
    /// || error.to_string())`.
    pub fn when_shown(words: impl Fn() -> String + Send + Sync + 'static) -> Text {
        Text::WhenShown(Arc::new(words))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub tone: Tone,
    pub text: Text,
    /// When a toast goes; None for a banner, or for progress ("Testing…")
    /// that its outcome replaces.
    pub until: Option<DateTime<Utc>>,
    /// The message it is about, if any: it goes when that message changes.
    pub about: Option<String>,
    pub banner: bool,
}

impl Notice {
    /// The words as shown: a toast's cut to [`TOAST_CHARS`] with "…".
    pub fn shown(&self) -> String {
        let words = self.text.get();
        if self.banner || words.chars().count() <= TOAST_CHARS {
            return words;
        }
        let cut: String = words.chars().take(TOAST_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notices {
    /// Oldest first.
    pub items: Vec<Notice>,
}

impl Notices {
    /// What just happened; replaces the toasts before it.
    pub fn toast(&mut self, tone: Tone, text: impl Into<Text>, now: DateTime<Utc>) -> &mut Notice {
        self.push(Notice {
            tone,
            text: text.into(),
            until: Some(now + Duration::seconds(TOAST_SECS)),
            about: None,
            banner: false,
        })
    }

    /// Work under way; stays until its outcome (the next toast) replaces it.
    pub fn progress(&mut self, text: impl Into<Text>) -> &mut Notice {
        self.push(Notice {
            tone: Tone::Info,
            text: text.into(),
            until: None,
            about: None,
            banner: false,
        })
    }

    /// A failure the user needs to read: stays until dismissed. It ends
    /// any progress line too (the work it was about is over).
    pub fn banner(&mut self, text: impl Into<Text>) -> &mut Notice {
        let text = text.into();
        self.items.retain(|n| n.banner && n.text != text);
        while self.items.len() >= MAX_BANNERS {
            self.items.remove(0);
        }
        self.items.push(Notice {
            tone: Tone::Danger,
            text,
            until: None,
            about: None,
            banner: true,
        });
        self.items.last_mut().expect("just pushed")
    }

    fn push(&mut self, notice: Notice) -> &mut Notice {
        self.items.retain(|n| n.banner);
        self.items.push(notice);
        self.items.last_mut().expect("just pushed")
    }

    /// Drops every toast (a newer state of things is on screen).
    pub fn clear_toasts(&mut self) {
        self.items.retain(|n| n.banner);
    }

    /// Drops the toasts whose time is up; true when something went.
    pub fn expire(&mut self, now: DateTime<Utc>) -> bool {
        let before = self.items.len();
        self.items
            .retain(|n| n.until.is_none_or(|until| until > now));
        self.items.len() != before
    }

    /// This message changed: what was said about it is no longer true.
    pub fn forget_about(&mut self, id: &str) {
        self.items.retain(|n| n.about.as_deref() != Some(id));
    }

    pub fn dismiss(&mut self, index: usize) {
        if index < self.items.len() {
            self.items.remove(index);
        }
    }

    /// Whether a clock is needed (a toast waits to expire).
    pub fn ticking(&self) -> bool {
        self.items.iter().any(|n| n.until.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Notice {
    pub fn about(&mut self, id: impl Into<String>) -> &mut Notice {
        self.about = Some(id.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn a_toast_expires_and_a_banner_stays() {
        let mut n = Notices::default();
        n.banner("Could not save the draft");
        n.toast(Tone::Success, "Saved", at(0));
        assert!(!n.expire(at(TOAST_SECS - 1)));
        assert_eq!(n.items.len(), 2);
        assert!(n.expire(at(TOAST_SECS)));
        assert_eq!(n.items.len(), 1);
        assert!(n.items[0].banner);
        assert!(!n.ticking(), "no clock for a banner alone");
        n.dismiss(0);
        assert!(n.is_empty());
    }

    #[test]
    fn a_new_outcome_replaces_the_toast_before_it() {
        let mut n = Notices::default();
        n.toast(Tone::Info, "Sending cancelled", at(0));
        n.toast(Tone::Success, "Sent", at(1));
        let texts: Vec<_> = n.items.iter().map(|n| n.text.get()).collect();
        assert_eq!(texts, ["Sent"]);
    }

    #[test]
    fn progress_ends_with_its_outcome_success_or_failure() {
        let mut n = Notices::default();
        n.progress("Testing…");
        assert!(!n.ticking(), "progress waits for its outcome, not a clock");
        n.banner("Connection refused");
        assert_eq!(n.items.len(), 1);
        assert!(n.items[0].banner);
    }

    #[test]
    fn what_was_said_about_a_message_goes_when_it_changes() {
        let mut n = Notices::default();
        n.toast(Tone::Info, "In the outbox", at(0)).about("m1");
        n.forget_about("m2");
        assert_eq!(n.items.len(), 1);
        n.forget_about("m1");
        assert!(n.is_empty());
    }

    #[test]
    fn a_banner_made_when_shown_follows_what_it_reads_now() {
        let language = Arc::new(std::sync::Mutex::new("disk full"));
        let now = language.clone();
        let mut n = Notices::default();
        n.banner(Text::when_shown(move || now.lock().unwrap().to_string()));
        assert_eq!(n.items[0].text.get(), "disk full");
        *language.lock().unwrap() = "القرص ممتلئ";
        assert_eq!(n.items[0].text.get(), "القرص ممتلئ");
    }

    #[test]
    fn the_same_failure_twice_is_one_banner_and_old_ones_give_way() {
        let mut n = Notices::default();
        n.banner("A");
        n.banner("A");
        assert_eq!(n.items.len(), 1);
        for text in ["B", "C", "D"] {
            n.banner(text);
        }
        let texts: Vec<_> = n.items.iter().map(|n| n.text.get()).collect();
        assert_eq!(texts, ["B", "C", "D"]);
    }
}
