//! The Outbox (everything not yet sent) and Sent views.

use chrono::{DateTime, Local, Utc};
use iced::widget::{button, column, container, scrollable, text};
use iced::{Element, Fill, FillPortion};

use crate::fl;
use crate::outbox::{CopyState, Entry, State};
use crate::ui::a11y;
use crate::ui::app::{SENT_ROW_HEIGHT, SentPage, SentViewport};
use crate::ui::dir;
use crate::ui::dir::AtStart;
use crate::ui::icon::{self, Icon};
use crate::ui::theme::{self, Colors};
use crate::ui::widget::focus;
use crate::ui::widget::rows::rows;
use iced::Color;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    RetryNow(String),
    Edit(String),
    Cancel(String),
    SendAgain(String),
    MarkSent(String),
    /// Failed because recipients were refused: a copy for the accepted ones.
    SendToAccepted(String),
    OpenAccount(String),
    /// The account's provider refused its sign-in: sign in in the browser
    /// again, then the held messages go.
    SignInAgain(String),
    /// Yes (Some) or no (None) to "Cancel sending".
    ConfirmCancel(Option<String>),
    ToggleDetails(String),
    Search(String),
    /// Sent view: scrolled or resized; rows coming into view are read.
    SentScrolled(SentViewport),
    /// Sent view: compose a new message from this one.
    Reuse(String),
    Export(String),
    /// Sent view: the copy to the Sent folder again.
    RetryCopy(String),
}

/// An opened sent message: the server's reply, actions, what was written
/// (from the draft, else the source) and the attempts.
fn sent_details<'a>(entry: &'a Entry, source: Option<&'a str>) -> Element<'a, Message> {
    let mut card = column![].spacing(4);
    if let Some(reply) = &entry.final_reply {
        card = card.push(
            dir::paragraph(fl!("ui-server-reply", reply = reply.to_string()))
                .size(theme::size::SMALL)
                .style(theme::success)
                .at_start(),
        );
    }
    let mut actions = vec![
        action(fl!("ui-send-again"), Message::Reuse(entry.id.clone())),
        action(fl!("ui-export-eml"), Message::Export(entry.id.clone())),
    ];
    if entry.sent_copy != CopyState::Off {
        let copy = entry.copy.clone().unwrap_or_default();
        let mut line = format!("{}: {}", fl!("column-sent-copy"), entry.sent_copy.label());
        if let Some(folder) = &copy.folder {
            line = format!("{line} ({folder})");
        }
        if entry.sent_copy != CopyState::Copied
            && let Some(error) = &copy.error
        {
            line = format!("{line} — {error}");
        }
        let style = match entry.sent_copy {
            CopyState::Failed => text::danger,
            CopyState::Copied => text::success,
            _ => text::base,
        };
        card = card.push(dir::paragraph(line).size(13).style(style).at_start());
        if matches!(entry.sent_copy, CopyState::Failed | CopyState::Pending) {
            actions.push(action(
                fl!("ui-retry-copy"),
                Message::RetryCopy(entry.id.clone()),
            ));
        }
    }
    card = card.push(dir::row(actions));
    if let Some(draft) = &entry.draft {
        let mut lines = Vec::new();
        if !draft.cc.is_empty() {
            lines.push(format!(
                "{}: {}",
                crate::compose::Field::Cc.label(),
                draft.cc.join(", ")
            ));
        }
        for path in &draft.attachments {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Noto Sans has no 📎 (it showed as a missing-glyph box).
            lines.push(fl!("ui-attached", name = name));
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(draft.body.clone());
        card = card.push(
            container(text(lines.join("\n")))
                .padding(8)
                .width(Fill)
                .align_x(dir::start())
                .style(theme::card),
        );
    } else if let Some(source) = source {
        card = card.push(
            container(
                text(source)
                    .font(iced::Font::MONOSPACE)
                    .size(theme::size::CAPTION),
            )
            .padding(6)
            .width(Fill)
            .style(theme::card),
        );
    }
    card.push(attempts(entry)).into()
}

/// One line's worth of "what happens next", e.g. "next try in 2 min".
pub fn next_try(entry: &Entry, now: DateTime<Utc>) -> Option<String> {
    let at = match entry.state {
        State::Deferred => entry.next_attempt?,
        // Held back by the undo delay or "Send later": not a retry.
        State::Queued if entry.attempts == 0 => {
            return Some(fl!("ui-sends-at", time = local_time(entry.not_before?)));
        }
        State::Queued => entry.not_before?,
        _ => return None,
    };
    let secs = (at - now).num_seconds().max(0);
    Some(if secs < 60 {
        fl!("ui-next-try-seconds", seconds = secs)
    } else if secs < 3600 {
        let minutes = (secs + 59) / 60;
        fl!("ui-next-try-minutes", minutes = minutes)
    } else {
        fl!("ui-next-try-at", time = local_time(at))
    })
}

/// A time in the user's time zone: the time alone for today, otherwise the
/// date with the month named in the interface language.
pub fn local_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    let time = local.format("%H:%M").to_string();
    if local.date_naive() == Local::now().date_naive() {
        return time;
    }
    date_time(local.naive_local(), month_name)
}

/// A day and a time as the interface writes them, with the month named by
/// `month` (short in lists, long in the Send later picker).
pub fn date_time(at: chrono::NaiveDateTime, month: fn(u32) -> String) -> String {
    use chrono::Datelike;
    // Plain strings: Fluent would group the year's digits ("2,026").
    fl!(
        "ui-date-time",
        day = at.day().to_string(),
        month = month(at.month()),
        year = at.year().to_string(),
        time = at.format("%H:%M").to_string()
    )
}

fn month_name(month: u32) -> String {
    match month {
        1 => fl!("ui-month-1"),
        2 => fl!("ui-month-2"),
        3 => fl!("ui-month-3"),
        4 => fl!("ui-month-4"),
        5 => fl!("ui-month-5"),
        6 => fl!("ui-month-6"),
        7 => fl!("ui-month-7"),
        8 => fl!("ui-month-8"),
        9 => fl!("ui-month-9"),
        10 => fl!("ui-month-10"),
        11 => fl!("ui-month-11"),
        _ => fl!("ui-month-12"),
    }
}

/// A message's state as an icon and its name, coloured by what it asks of
/// the user.
fn state_badge<'a>(entry: &Entry) -> Element<'a, Message> {
    let (glyph, role): (Icon, fn(&Colors) -> Color) = match entry.state {
        State::Failed => (Icon::Alert, |c| c.danger),
        State::Held => (Icon::Held, |c| c.danger),
        State::Unconfirmed | State::Deferred => (Icon::Clock, |c| c.warning),
        State::Sent => (Icon::Check, |c| c.success),
        State::Sending => (Icon::Sending, |c| c.muted),
        State::Queued => (Icon::Clock, |c| c.muted),
    };
    dir::row(vec![
        icon::icon(glyph, 16.0, role).into(),
        text(entry.state_label())
            .style(move |theme: &iced::Theme| text::Style {
                color: Some(role(theme::colors(theme))),
            })
            .into(),
    ])
    .spacing(theme::space::XS)
    .into()
}

/// An Outbox row's button, with the id the screen reader follows it by.
fn row_action<'a>(label: String, message: Message, id: String) -> Element<'a, Message> {
    focus::button_id(
        id,
        button(text(label).size(theme::size::SMALL))
            .style(theme::secondary_button)
            .padding([3, 10]),
        Some(message),
    )
}

fn action<'a>(label: String, message: Message) -> Element<'a, Message> {
    focus::button(
        button(text(label).size(theme::size::SMALL))
            .style(theme::secondary_button)
            .padding([3, 10]),
        message,
    )
}

pub fn view_outbox<'a>(
    entries: &'a [Entry],
    background: &'a [String],
    expanded: Option<&'a str>,
    // The message whose "Cancel sending" waits for a yes.
    confirm_cancel: Option<&'a str>,
    now: DateTime<Utc>,
) -> Element<'a, Message> {
    let mut list = column![
        text(fl!("ui-outbox-title"))
            .size(theme::size::TITLE)
            .at_start()
    ]
    .spacing(10)
    .align_x(dir::start());
    if entries.is_empty() {
        list = list.push(
            dir::paragraph(fl!("ui-outbox-empty"))
                .style(theme::muted)
                .at_start(),
        );
    }
    for (row, entry) in entries.iter().enumerate() {
        let mut card = column![
            dir::row(vec![
                text(entry.subject.clone()).size(theme::size::BODY).into(),
                iced::widget::space::horizontal().into(),
                state_badge(entry),
            ]),
            dir::row(vec![
                text(fl!(
                    "ui-recipients-list",
                    recipients = entry.envelope_to.join(", ")
                ))
                .size(theme::size::SMALL)
                .into(),
                text("·").into(),
                text(entry.account.clone())
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .into(),
            ]),
        ]
        .spacing(4)
        .align_x(dir::start());
        let mut facts: Vec<Element<'a, Message>> = Vec::new();
        if entry.attempts > 0 {
            facts.push(
                text(fl!("ui-attempts", count = entry.attempts))
                    .size(theme::size::SMALL)
                    .into(),
            );
        }
        let waiting = matches!(
            entry.state,
            State::Queued | State::Deferred | State::Sending
        );
        if waiting && background.contains(&entry.account) {
            // Another process holds the account: its timing, not ours.
            facts.push(
                text(fl!("ui-sending-in-background"))
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .into(),
            );
        } else if let Some(next) = next_try(entry, now) {
            facts.push(
                text(next)
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .into(),
            );
        }
        if !facts.is_empty() {
            card = card.push(dir::row(facts));
        }
        if let Some(error) = &entry.last_error {
            card = card.push(
                dir::paragraph(error.to_string())
                    .size(theme::size::SMALL)
                    .style(theme::danger)
                    .at_start(),
            );
        }
        for copy in &entry.copies {
            card = card.push(
                dir::paragraph(fl!("ui-copy-sent-to", recipients = copy.to.join(", ")))
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .at_start(),
            );
        }
        let actions = row_actions(entry)
            .into_iter()
            .enumerate()
            .map(|(k, (label, message))| {
                row_action(
                    label,
                    message,
                    a11y::row_widget(row, a11y::RowPart::Action(k)),
                )
            })
            .collect();
        card = card.push(dir::row(actions));
        let id = &entry.id;
        if confirm_cancel == Some(id.as_str()) {
            card = card.push(
                container(dir::row(vec![
                    dir::paragraph(fl!("ui-cancel-confirm")).at_start(),
                    focus::button_id(
                        a11y::row_widget(row, a11y::RowPart::Yes),
                        button(text(fl!("ui-cancel-yes"))).style(theme::danger_button),
                        Some(Message::ConfirmCancel(Some(id.clone()))),
                    ),
                    focus::button_id(
                        a11y::row_widget(row, a11y::RowPart::No),
                        button(text(fl!("ui-keep-message"))).style(theme::secondary_button),
                        Some(Message::ConfirmCancel(None)),
                    ),
                ]))
                .padding(theme::space::M)
                .width(Fill)
                .style(theme::confirm_card),
            );
        }
        if expanded == Some(id.as_str()) {
            card = card.push(attempts(entry));
        }
        list = list.push(container(card).padding(12).width(Fill).style(theme::card));
    }
    scrollable(list.padding(iced::Padding::ZERO.right(12))).into()
}

/// A row's buttons, as labels and what each does: the screen draws them,
/// the screen reader (`ui::a11y`) offers the same ones.
pub fn row_actions(entry: &Entry) -> Vec<(String, Message)> {
    let id = &entry.id;
    let mut actions = Vec::new();
    match entry.state {
        State::Deferred | State::Queued | State::Failed => {
            // One never tried (scheduled, or waiting its turn) is sent
            // early, not "retried": nothing failed.
            let now = if entry.attempts == 0 {
                fl!("ui-send-now")
            } else {
                fl!("ui-retry-now")
            };
            actions.push((now, Message::RetryNow(id.clone())));
            actions.push((fl!("ui-edit"), Message::Edit(id.clone())));
            actions.push((fl!("ui-cancel-message"), Message::Cancel(id.clone())));
            if can_send_to_accepted(entry) {
                actions.push((
                    fl!("ui-send-to-accepted"),
                    Message::SendToAccepted(id.clone()),
                ));
            }
        }
        State::Unconfirmed => {
            actions.push((fl!("ui-send-again"), Message::SendAgain(id.clone())));
            actions.push((fl!("ui-mark-sent"), Message::MarkSent(id.clone())));
        }
        State::Held => {
            if entry
                .last_error
                .as_ref()
                .is_some_and(crate::outbox::held_for_sign_in)
            {
                actions.push((
                    fl!("ui-signin-again"),
                    Message::SignInAgain(entry.account.clone()),
                ));
            }
            actions.push((
                fl!("ui-open-account"),
                Message::OpenAccount(entry.account.clone()),
            ));
            // One never tried (scheduled, or waiting its turn) is sent
            // early, not "retried": nothing failed.
            let now = if entry.attempts == 0 {
                fl!("ui-send-now")
            } else {
                fl!("ui-retry-now")
            };
            actions.push((now, Message::RetryNow(id.clone())));
            actions.push((fl!("ui-cancel-message"), Message::Cancel(id.clone())));
        }
        State::Sending | State::Sent => {}
    }
    if !entry.history.is_empty() {
        actions.push((fl!("ui-transcripts"), Message::ToggleDetails(id.clone())));
    }
    actions
}

/// A failed message some of whose recipients the server accepted, with no
/// copy sent to them yet.
pub fn can_send_to_accepted(entry: &Entry) -> bool {
    entry.state == State::Failed
        && entry.copies.is_empty()
        && !entry.accepted_recipients().is_empty()
}

fn attempts<'a>(entry: &'a Entry) -> Element<'a, Message> {
    let mut col = column![].spacing(6);
    for attempt in &entry.history {
        let outcome = match (&attempt.reply, &attempt.error) {
            (_, Some(error)) => error.to_string(),
            (Some(reply), None) => reply.to_string(),
            (None, None) => String::new(),
        };
        col = col.push(
            dir::paragraph(format!("{} — {outcome}", local_time(attempt.at)))
                .size(theme::size::SMALL)
                .at_start(),
        );
        let (said, notes) = conversation(&attempt.transcript);
        // What happened around the conversation (connecting, TLS, errors)
        // is ours, not the server's: it is told apart from the box.
        for note in notes {
            col = col.push(
                dir::paragraph(note)
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .at_start(),
            );
        }
        if said.is_empty() {
            continue;
        }
        col = col.push(
            container(
                text(said.join("\n"))
                    .font(iced::Font::MONOSPACE)
                    .size(theme::size::CAPTION),
            )
            .id(CONVERSATION)
            .padding(6)
            .width(Fill)
            .align_x(iced::alignment::Horizontal::Left)
            .style(theme::card),
        );
    }
    col.into()
}

/// The box of an attempt's conversation with the server, for tests.
pub const CONVERSATION: &str = "conversation";

/// An attempt's transcript as the window shows it: the lines said, each a
/// command we sent (`C:`; AUTH's argument redacted) or a line of the
/// server's reply (`S:`), with the message content as one line of its size
/// (no prefix: it is not a line that was said); and apart from them the
/// notes of what happened around them.
fn conversation(transcript: &crate::smtp::Transcript) -> (Vec<String>, Vec<String>) {
    use crate::smtp::Speaker;
    let mut said = Vec::new();
    let mut notes = Vec::new();
    for line in &transcript.lines {
        match line.speaker {
            Speaker::Client => said.push(format!("C: {}", line.text)),
            Speaker::Server => said.push(format!("S: {}", line.text)),
            Speaker::Content => said.push(format!("   {}", line.text)),
            Speaker::Note => notes.push(line.text.clone()),
        }
    }
    (said, notes)
}

/// The Sent list's scrollable, for scrolling it back to the top.
pub const SENT_LIST: &str = "sent-list";

/// The Sent view: the search field, the list, and the opened message
/// beside it. The list is as tall as all the matches, but only the rows in
/// `in_view` are built (at a fixed height each); the space above and below
/// them is empty.
pub fn view_sent<'a>(
    page: &'a SentPage,
    in_view: std::ops::Range<usize>,
    search: &'a str,
    expanded: Option<&'a str>,
    opened: Option<(&'a Entry, Option<&'a str>)>,
) -> Element<'a, Message> {
    // The rows on screen that are held; the others (scrolled to faster
    // than the index answered) stay blank for a moment.
    let held = page.offset..page.offset + page.rows.len();
    let built = in_view.start.max(held.start)..in_view.end.min(held.end).max(in_view.start);
    let built = if built.start < built.end {
        built
    } else {
        in_view.start..in_view.start
    };
    let skip = built.start.saturating_sub(page.offset);
    let list = rows(
        SENT_ROW_HEIGHT,
        page.matches,
        (built.start..).zip(
            page.rows
                .iter()
                .skip(skip)
                .take(built.len())
                .map(|row| sent_row(row, expanded == Some(row.id.as_str()))),
        ),
    );
    let list: Element<'a, Message> = if page.matches == 0 {
        dir::paragraph(fl!("ui-sent-empty"))
            .style(theme::muted)
            .at_start()
    } else {
        scrollable(container(list).padding(iced::Padding::ZERO.right(12)))
            .id(SENT_LIST)
            .height(Fill)
            .on_scroll(|viewport| {
                Message::SentScrolled(SentViewport {
                    top: viewport.absolute_offset().y,
                    height: viewport.bounds().height,
                })
            })
            .into()
    };
    let mut body = vec![container(list).width(FillPortion(2)).height(Fill).into()];
    if let Some((entry, source)) = opened.filter(|(e, _)| Some(e.id.as_str()) == expanded) {
        body.push(
            scrollable(
                column![
                    text(entry.subject.clone())
                        .size(theme::size::HEADING)
                        .at_start(),
                    sent_details(entry, source)
                ]
                .spacing(8)
                .padding(iced::Padding::ZERO.right(12)),
            )
            .width(FillPortion(3))
            .height(Fill)
            .into(),
        );
    }
    column![
        text(fl!("ui-sent-title"))
            .size(theme::size::TITLE)
            .at_start(),
        dir::input(&fl!("ui-search-sent"), search)
            .id("search")
            .on_input(Message::Search),
        dir::row(body).align_y(iced::Alignment::Start).height(Fill),
    ]
    .spacing(10)
    .into()
}

/// One line of the Sent list: subject, time and recipients, clipped to the
/// list's fixed row height. Clicking it opens the message beside the list.
fn sent_row<'a>(row: &'a crate::history::Row, open: bool) -> Element<'a, Message> {
    // One line each, cut at the row's edge (a long subject stops before
    // the time instead of running under it).
    // Each line placed by its own text's direction (Arabic from the
    // right). A line too long for the row is cut at the row's right edge
    // (iced 0.14 lays out a one-line paragraph from its left side).
    let line = |content: String, size: f32| {
        let side = match crate::ui::bidi::direction(&content) {
            Some(true) => iced::alignment::Horizontal::Right,
            Some(false) => iced::alignment::Horizontal::Left,
            None => dir::start(),
        };
        container(text(content).size(size).wrapping(text::Wrapping::None))
            .width(Fill)
            .align_x(side)
            .clip(true)
    };
    let card = column![
        dir::row(vec![
            line(row.subject.clone(), 16.0).into(),
            text(local_time(row.at))
                .size(theme::size::SMALL)
                .style(theme::muted)
                .wrapping(text::Wrapping::None)
                .into(),
        ]),
        // The label on its own, on the start side, so that only the
        // addresses are cut: as one line the label went first in Arabic,
        // at the right end, where a long list was cut.
        dir::row(vec![
            text(fl!("sent-recipients-label"))
                .size(theme::size::SMALL)
                .wrapping(text::Wrapping::None)
                .into(),
            // Addresses read left to right, commas and all, in Arabic too.
            line(
                crate::ui::chooser::isolated_in(&row.recipients.join(", "), false),
                theme::size::SMALL
            )
            .into(),
        ])
        .spacing(theme::space::XS),
    ]
    .spacing(4);
    // Reached by Tab and the arrow keys, pressed by Enter (widget::focus).
    let card = container(focus::button(
        button(card)
            // The opened message is marked as a selected sidebar entry is.
            .style(theme::nav_button(open))
            .padding([6, 8])
            .width(Fill)
            .height(Fill)
            .clip(true),
        Message::ToggleDetails(row.id.clone()),
    ))
    .style(theme::card)
    .height(Fill);
    container(card)
        .height(SENT_ROW_HEIGHT)
        .padding(iced::Padding::ZERO.bottom(6))
        .into()
}

#[cfg(test)]
mod tests {
    /// "Export .eml" in Arabic shows ".eml" as written, the dot on its
    /// left: the LEFT-TO-RIGHT MARK before it in the translation keeps it so
    /// (without it the dot takes the Arabic direction and shows as "eml.").
    #[test]
    fn the_arabic_export_button_shows_the_extension_with_its_dot_first() {
        let source = crate::i18n::ftl_source("ar").unwrap();
        let label = source
            .lines()
            .find_map(|l| l.strip_prefix("ui-export-eml = "))
            .unwrap();
        let shown = crate::ui::chooser::tests::glyphs(label);
        let dot = label.find(".eml").unwrap();
        let x = |byte: usize| shown.iter().find(|g| g.0 == byte).unwrap().1;
        let arabic = x(0);
        assert!(
            x(dot) < x(dot + 1) && x(dot + 1) < x(dot + 3),
            "“{label}”: {shown:?}"
        );
        // After the Arabic words in reading order: on their left.
        assert!(x(dot + 3) < arabic, "“{label}”: {shown:?}");
    }
}
