//! The To, Cc and Bcc fields: each address a chip, the text being typed
//! after them, and the people it may be, to pick from.
//!
//! `,` `;` Enter or Tab turn the typed address into a chip (Enter and Tab
//! take the highlighted suggestion when there is one); a paste of many
//! addresses makes many chips; Backspace in an empty field selects the
//! last chip, and again removes it. A chip shows the name, the address on
//! hover; an invalid one is red and says why under the field. A chip clicked twice goes
//! back to text, to be corrected.
//!
//! The draft still gets a plain list of addresses ([`Recipients::addresses`]),
//! text not yet made a chip included: nothing typed is lost.

use iced::widget::{Space, button, column, container, scrollable, text, tooltip};
use iced::{Element, Fill, Length};

use crate::compose::{AddressProblem, parse_mailbox};
use crate::contacts::{Contact, suggest};
use crate::fl;
use crate::ui::compose::{AddressField, Message};
use crate::ui::dir;
use crate::ui::widget::editor::Special;
use crate::ui::widget::flow::flow;

/// One address, as a chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    /// As typed (trimmed): what the draft gets.
    pub text: String,
    pub name: Option<String>,
    /// The bare address (for an invalid one, the text).
    pub address: String,
    pub problem: Option<AddressProblem>,
}

impl Chip {
    pub fn new(typed: &str) -> Chip {
        let text = typed.trim().to_owned();
        match parse_mailbox(&text) {
            Ok(mailbox) => Chip {
                name: mailbox
                    .name
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                address: mailbox.email.to_string(),
                problem: None,
                text,
            },
            Err(problem) => Chip {
                address: text.clone(),
                name: None,
                problem: Some(problem),
                text,
            },
        }
    }

    /// What the chip shows: the name, else the address.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.address)
    }
}

/// What the user did in an address field.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The text changed (typing, cutting); finished addresses become chips.
    Typed(String),
    /// A paste: every address in it becomes a chip.
    Pasted(String),
    /// Enter or Tab: the typed text becomes a chip.
    Commit,
    /// A suggestion picked: this mailbox replaces the typed text.
    Accept(String),
    /// Up or Down in the suggestions.
    Highlight(usize),
    /// Escape: the suggestions close until the text changes.
    Close,
    /// Backspace in the empty field.
    Backspace,
    /// A click on chip `.0`: selects it, or if selected, edits it.
    Press(usize),
    Remove(usize),
}

/// One address field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipients {
    pub chips: Vec<Chip>,
    /// The text after the chips, not yet an address.
    pub typing: String,
    /// The chip Backspace (or a click) selected.
    pub selected: Option<usize>,
    /// The suggestion Enter takes.
    pub highlight: usize,
    /// Escape closed the suggestions.
    pub closed: bool,
}

impl Recipients {
    /// A field holding these addresses (a draft's list).
    pub fn from_list(list: &[String]) -> Recipients {
        Recipients {
            chips: list
                .iter()
                .flat_map(|item| split_list(item))
                .map(|a| Chip::new(&a))
                .collect(),
            ..Recipients::default()
        }
    }

    /// Every address, chips first, then what is typed.
    pub fn addresses(&self) -> Vec<String> {
        self.chips
            .iter()
            .map(|c| c.text.clone())
            .chain(split_list(&self.typing))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chips.is_empty() && self.typing.trim().is_empty()
    }

    /// The invalid addresses, with their reasons.
    pub fn problems(&self) -> Vec<(String, AddressProblem)> {
        self.chips
            .iter()
            .filter_map(|c| c.problem.map(|p| (c.text.clone(), p)))
            .chain(typed_problems(&self.typing))
            .collect()
    }

    /// Applies an edit; true when the addresses may have changed.
    pub fn apply(&mut self, edit: Edit) -> bool {
        match edit {
            Edit::Typed(value) => {
                self.set_typing(&value);
                true
            }
            Edit::Pasted(value) => {
                self.set_typing(&value);
                self.commit();
                true
            }
            Edit::Commit => self.commit(),
            Edit::Accept(mailbox) => {
                self.typing.clear();
                self.chips.push(Chip::new(&mailbox));
                self.reset();
                true
            }
            Edit::Highlight(index) => {
                self.highlight = index;
                false
            }
            Edit::Close => {
                self.closed = true;
                false
            }
            Edit::Backspace => match self.selected {
                Some(index) => self.remove(index),
                None => {
                    self.selected = self.chips.len().checked_sub(1);
                    false
                }
            },
            Edit::Press(index) if self.selected == Some(index) => {
                // Back to text, to be corrected; what was typed goes first.
                self.commit();
                if index < self.chips.len() {
                    let chip = self.chips.remove(index);
                    self.typing = chip.text;
                }
                self.reset();
                true
            }
            Edit::Press(index) => {
                self.selected = (index < self.chips.len()).then_some(index);
                false
            }
            Edit::Remove(index) => self.remove(index),
        }
    }

    /// Each address before the last separator becomes a chip; the rest
    /// stays typed.
    fn set_typing(&mut self, value: &str) {
        let (done, rest) = split_done(value);
        self.chips.extend(done.iter().map(|a| Chip::new(a)));
        self.typing = rest.trim_start().to_owned();
        self.reset();
    }

    fn commit(&mut self) -> bool {
        let typed = std::mem::take(&mut self.typing);
        let list = split_list(&typed);
        self.chips.extend(list.iter().map(|a| Chip::new(a)));
        self.reset();
        !list.is_empty()
    }

    fn remove(&mut self, index: usize) -> bool {
        self.selected = None;
        if index < self.chips.len() {
            self.chips.remove(index);
            true
        } else {
            false
        }
    }

    fn reset(&mut self) {
        self.selected = None;
        self.highlight = 0;
        self.closed = false;
    }

    /// Takes out chip `index`, for another field (a drag).
    pub fn take(&mut self, index: usize) -> Option<Chip> {
        self.selected = None;
        (index < self.chips.len()).then(|| self.chips.remove(index))
    }

    /// "Use …" by a recipient warning: `with` in place of `address`.
    pub fn replace(&mut self, address: &str, with: &str) {
        for chip in &mut self.chips {
            if chip.text == address {
                *chip = Chip::new(with);
            }
        }
        if split_list(&self.typing).iter().any(|a| a == address) {
            self.typing = split_list(&self.typing)
                .into_iter()
                .map(|a| if a == address { with.to_owned() } else { a })
                .collect::<Vec<_>>()
                .join(", ");
        }
    }

    /// What is offered for the typed text (none after Escape).
    pub fn suggestions<'a>(&self, contacts: &'a [Contact]) -> Vec<&'a Contact> {
        if self.closed {
            return Vec::new();
        }
        let present: Vec<String> = self.chips.iter().map(|c| c.address.clone()).collect();
        suggest(contacts, &self.typing, &present)
    }
}

/// Tests and the app compare a field with the list it holds.
impl PartialEq<&str> for Recipients {
    fn eq(&self, other: &&str) -> bool {
        self.addresses().join(", ") == *other
    }
}

impl From<&str> for Recipients {
    fn from(list: &str) -> Recipients {
        Recipients::from_list(&[list.to_owned()])
    }
}

/// The problems of the typed text, once it looks like an address: a
/// half-typed one is not yet wrong.
fn typed_problems(typed: &str) -> Vec<(String, AddressProblem)> {
    split_list(typed)
        .into_iter()
        .filter_map(|a| parse_mailbox(&a).err().map(|p| (a, p)))
        .collect()
}

/// The text cut at `,` and `;` outside quotes and angle brackets
/// (`"Haddad, Sara" <s@example.com>` is one address): the finished
/// addresses, and what follows the last separator.
fn split_done(text: &str) -> (Vec<String>, &str) {
    let mut done = Vec::new();
    let (mut quoted, mut angle, mut escaped) = (false, false, false);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                let part = text[start..i].trim();
                if !part.is_empty() {
                    done.push(part.to_owned());
                }
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    (done, &text[start..])
}

/// Every address in a list.
pub fn split_list(text: &str) -> Vec<String> {
    let (mut list, rest) = split_done(text);
    let rest = rest.trim();
    if !rest.is_empty() {
        list.push(rest.to_owned());
    }
    list
}

/// The field as the compose window shows it: the chips and the text field
/// in one flow, and under it what belongs there (suggestions, the selected
/// chip's problem). `id` names the text field for focus and tests.
pub struct Shown<'a> {
    pub field: Element<'a, Message>,
    pub below: Vec<Element<'a, Message>>,
}

/// About four lines of chips; more scroll inside the field.
const CHIPS_MAX_HEIGHT: f32 = 132.0;

/// The invalid chips of a field whose reasons are spelled out under it.
const SHOWN_PROBLEMS: usize = 2;

pub fn view<'a>(
    field: AddressField,
    id: &'static str,
    value: &'a Recipients,
    contacts: &'a [Contact],
    indent: f32,
) -> Shown<'a> {
    let edit = move |edit: Edit| Message::Recipients(field, edit);
    let suggestions = value.suggestions(contacts);
    let offered: Vec<String> = suggestions.iter().map(|c| c.mailbox()).collect();
    let highlight = value.highlight.min(offered.len().saturating_sub(1));
    let typed_when_shown = value.typing.clone();
    let has_chips = !value.chips.is_empty();
    // The field empties itself when its text becomes chips: keys of the
    // same frame then start afresh, as the model does.
    let on_special = move |special: Special, now: &str| -> Option<(Message, Option<String>)> {
        // The list shown belongs to the text at the last view.
        let offered = if now == typed_when_shown {
            offered.as_slice()
        } else {
            &[]
        };
        let empty = || Some(String::new());
        match special {
            Special::Separator => {
                let rest = split_done(now).1.trim_start().to_owned();
                Some((edit(Edit::Typed(now.to_owned())), Some(rest)))
            }
            Special::Enter | Special::Tab if !offered.is_empty() => {
                Some((edit(Edit::Accept(offered[highlight].clone())), empty()))
            }
            Special::Enter | Special::Tab if !now.trim().is_empty() => {
                Some((edit(Edit::Pasted(now.to_owned())), empty()))
            }
            Special::Down if !offered.is_empty() => {
                Some((edit(Edit::Highlight((highlight + 1) % offered.len())), None))
            }
            Special::Up if !offered.is_empty() => Some((
                edit(Edit::Highlight(
                    (highlight + offered.len() - 1) % offered.len(),
                )),
                None,
            )),
            Special::Escape if !offered.is_empty() => Some((edit(Edit::Close), None)),
            Special::Backspace if now.is_empty() && has_chips => {
                Some((edit(Edit::Backspace), None))
            }
            _ => None,
        }
    };
    let placeholder = if value.chips.is_empty() {
        fl!("ui-addresses-placeholder")
    } else {
        String::new()
    };
    let input = dir::ltr_input(&placeholder, &value.typing)
        .id(id)
        .on_input(move |v| edit(Edit::Typed(v)))
        .on_paste(move |v| edit(Edit::Pasted(v)))
        .on_special(on_special)
        .width(Fill);

    let chips: Vec<Element<'a, Message>> = value
        .chips
        .iter()
        .enumerate()
        .map(|(index, chip)| chip_view(field, index, chip, value.selected == Some(index)))
        .collect();

    let mut below: Vec<Element<'a, Message>> = Vec::new();
    // Every invalid chip says why here, not only on hover: a chip takes no
    // keyboard focus, and Send stays greyed out without another word. The
    // selected one first; a long list is summed up.
    let mut invalid: Vec<&Chip> = value.chips.iter().filter(|c| c.problem.is_some()).collect();
    if let Some(chip) = value.selected.and_then(|i| value.chips.get(i))
        && let Some(at) = invalid.iter().position(|c| std::ptr::eq(*c, chip))
    {
        let chip = invalid.remove(at);
        invalid.insert(0, chip);
    }
    for chip in invalid.iter().take(SHOWN_PROBLEMS) {
        let Some(problem) = chip.problem else {
            continue;
        };
        below.push(indented(
            indent,
            text(in_ui_direction(fl!(
                "ui-chip-invalid",
                address = chip.text.clone(),
                reason = problem.describe()
            )))
            .size(13)
            .style(text::danger)
            .into(),
        ));
    }
    if invalid.len() > SHOWN_PROBLEMS {
        let more = invalid.len() - SHOWN_PROBLEMS;
        below.push(indented(
            indent,
            text(fl!("ui-chip-invalid-more", count = more))
                .size(13)
                .style(text::danger)
                .into(),
        ));
    }
    if !suggestions.is_empty() {
        let mut list = column![].spacing(2).width(Fill);
        for (index, contact) in suggestions.iter().enumerate() {
            list = list.push(suggestion_view(
                contact,
                index == highlight,
                edit(Edit::Accept(contact.mailbox())),
            ));
        }
        below.push(indented(
            indent,
            container(list)
                .padding(4)
                .width(Fill)
                .style(container::bordered_box)
                .into(),
        ));
    }
    let tag = field as u8;
    Shown {
        field: container(
            scrollable(flow(input.into(), chips, dir::is_rtl()).on_drop(
                tag,
                move |from, index| {
                    let from = [AddressField::To, AddressField::Cc, AddressField::Bcc]
                        .into_iter()
                        .find(|f| *f as u8 == from)
                        .unwrap_or(field);
                    Message::MoveChip {
                        from,
                        index,
                        to: field,
                    }
                },
            ))
            .direction(scrollable::Direction::Vertical(
                scrollable::Scrollbar::new().width(6).scroller_width(6),
            ))
            .spacing(4)
            // The text field is on the last line: a long list opens on it.
            .anchor_bottom()
            .width(Fill),
        )
        // A few lines at most: hundreds of addresses scroll here instead of
        // pushing Subject, the body and Send out of the window.
        .max_height(CHIPS_MAX_HEIGHT)
        .into(),
        below,
    }
}

/// A sentence in the interface's direction, whatever script the address
/// quoted at its start is in (a left-to-right or right-to-left mark first).
pub fn in_ui_direction(sentence: String) -> String {
    let mark = if dir::is_rtl() {
        '\u{200F}'
    } else {
        '\u{200E}'
    };
    format!("{mark}{sentence}")
}

/// Content under the field, in line with it (past the label).
fn indented<'a>(indent: f32, content: Element<'a, Message>) -> Element<'a, Message> {
    dir::row(vec![
        Space::new().width(Length::Fixed(indent)).into(),
        content,
    ])
    .into()
}

fn chip_view<'a>(
    field: AddressField,
    index: usize,
    chip: &'a Chip,
    selected: bool,
) -> Element<'a, Message> {
    let remove = button(text("✕").size(11))
        .padding([0, 2])
        .style(button::text)
        .on_press(Message::Recipients(field, Edit::Remove(index)));
    let label = text(chip.label()).size(13);
    let body = button(dir::row(vec![label.into(), remove.into()]).spacing(4))
        .padding([2.0, 4.0, 2.0, 10.0].into_padding())
        .style(style::chip(chip.problem.is_some(), selected))
        .on_press(Message::Recipients(field, Edit::Press(index)));
    let tip = match chip.problem {
        Some(problem) => in_ui_direction(fl!(
            "ui-chip-invalid",
            address = chip.text.clone(),
            reason = problem.describe()
        )),
        None => chip.address.clone(),
    };
    tooltip(
        body,
        container(text(tip).size(13))
            .padding([4, 8])
            .style(container::bordered_box),
        tooltip::Position::Bottom,
    )
    .into()
}

fn suggestion_view<'a>(
    contact: &'a Contact,
    highlighted: bool,
    on_press: Message,
) -> Element<'a, Message> {
    let mut parts: Vec<Element<'a, Message>> = Vec::new();
    if let Some(name) = &contact.name {
        parts.push(text(name.as_str()).into());
    }
    parts.push(text(contact.address.as_str()).style(text::secondary).into());
    parts.push(Space::new().width(Fill).into());
    let tag = if contact.sent > 0 {
        fl!("ui-suggestion-sent", count = contact.sent)
    } else {
        fl!("ui-suggestion-book")
    };
    parts.push(text(tag).size(12).style(text::secondary).into());
    button(dir::row(parts))
        .width(Fill)
        .padding([3, 8])
        .style(style::suggestion(highlighted))
        .on_press(on_press)
        .into()
}

trait IntoPadding {
    fn into_padding(self) -> iced::Padding;
}

impl IntoPadding for [f32; 4] {
    /// Top, end, bottom, start: the start side follows the reading order.
    fn into_padding(self) -> iced::Padding {
        let [top, end, bottom, start] = self;
        let (left, right) = if dir::is_rtl() {
            (end, start)
        } else {
            (start, end)
        };
        iced::Padding {
            top,
            right,
            bottom,
            left,
        }
    }
}

/// The chips' and suggestions' looks, in one place for the theme to take over.
pub mod style {
    use iced::widget::button::{Status, Style};
    use iced::{Background, Border, Theme};

    pub fn chip(invalid: bool, selected: bool) -> impl Fn(&Theme, Status) -> Style {
        move |theme, status| {
            let palette = theme.extended_palette();
            let pair = match (invalid, selected) {
                (true, true) => palette.danger.base,
                (true, false) => palette.danger.weak,
                (false, true) => palette.primary.base,
                (false, false) => palette.background.strong,
            };
            let border_color = if invalid {
                palette.danger.strong.color
            } else if matches!(status, Status::Hovered) || selected {
                palette.primary.strong.color
            } else {
                palette.background.strong.color
            };
            Style {
                background: Some(Background::Color(pair.color)),
                text_color: pair.text,
                border: Border {
                    color: border_color,
                    width: 1.0,
                    radius: 12.0.into(),
                },
                ..Style::default()
            }
        }
    }

    pub fn suggestion(highlighted: bool) -> impl Fn(&Theme, Status) -> Style {
        move |theme, status| {
            let palette = theme.extended_palette();
            let pair = if highlighted {
                palette.primary.weak
            } else if matches!(status, Status::Hovered) {
                palette.background.weak
            } else {
                palette.background.base
            };
            Style {
                background: Some(Background::Color(pair.color)),
                text_color: pair.text,
                border: Border {
                    radius: 4.0.into(),
                    ..Border::default()
                },
                ..Style::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_inside_quotes_and_brackets_do_not_cut() {
        assert_eq!(
            split_done("\"Haddad, Sara\" <s@x.test>, b@y.test; c@"),
            (
                vec![
                    "\"Haddad, Sara\" <s@x.test>".to_owned(),
                    "b@y.test".to_owned()
                ],
                " c@"
            )
        );
        assert_eq!(split_list(" , ;a@b.c,, "), ["a@b.c"]);
        assert_eq!(split_list("\"x\\\" ,y\" <a@b.c>"), ["\"x\\\" ,y\" <a@b.c>"]);
    }

    #[test]
    fn typing_a_separator_makes_a_chip_and_backspace_selects_then_removes() {
        let mut field = Recipients::default();
        field.apply(Edit::Typed("omar@example.org".into()));
        assert!(field.chips.is_empty());
        field.apply(Edit::Typed("omar@example.org;".into()));
        assert_eq!(field.chips[0].address, "omar@example.org");
        assert_eq!(field.typing, "");
        field.apply(Edit::Typed("سلمى <salma@example.net>, bob@".into()));
        assert_eq!(field.chips.len(), 2);
        assert_eq!(field.chips[1].label(), "سلمى");
        assert_eq!(field.typing, "bob@");
        assert_eq!(field.problems().len(), 1, "typed text is checked too");
        field.apply(Edit::Commit);
        assert_eq!(field.chips[2].problem, Some(AddressProblem::InvalidDomain));
        assert_eq!(
            field.addresses(),
            ["omar@example.org", "سلمى <salma@example.net>", "bob@"]
        );
        assert!(!field.apply(Edit::Backspace));
        assert_eq!(field.selected, Some(2));
        assert!(field.apply(Edit::Backspace));
        assert_eq!(field.chips.len(), 2);
        assert_eq!(field.selected, None);
    }

    #[test]
    fn a_chip_clicked_twice_goes_back_to_text() {
        let mut field = Recipients::from_list(&["a@x.test".into(), "b@".into()]);
        field.apply(Edit::Typed("c@y.test".into()));
        field.apply(Edit::Press(1));
        assert_eq!(field.selected, Some(1));
        field.apply(Edit::Press(1));
        assert_eq!(field.typing, "b@");
        assert_eq!(field.addresses(), ["a@x.test", "c@y.test", "b@"]);
    }
}
