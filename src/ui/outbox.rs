//! The Outbox (everything not yet sent) and Sent views.

use chrono::{DateTime, Local, Utc};
use iced::widget::{button, column, container, scrollable, text};
use iced::{Element, Fill};

use crate::fl;
use crate::outbox::{CopyState, Entry, State};
use crate::ui::app::SentPage;
use crate::ui::dir;
use crate::ui::dir::AtStart;
use crate::ui::icon::{self, Icon};
use crate::ui::theme::{self, Colors};
use crate::ui::widget::focus;
use iced::Color;

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Sent view: the next page of rows.
    MoreSent,
    /// Sent view: scrolled; near the end of the list, the next page is read.
    SentScrolled {
        near_end: bool,
    },
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
            text(fl!("ui-server-reply", reply = reply.to_string()))
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
        card = card.push(text(line).size(13).style(style).at_start());
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
    use chrono::Datelike;
    let local = at.with_timezone(&Local);
    let time = local.format("%H:%M").to_string();
    if local.date_naive() == Local::now().date_naive() {
        return time;
    }
    // Plain strings: Fluent would group the year's digits ("2,026").
    fl!(
        "ui-date-time",
        day = local.day().to_string(),
        month = month_name(local.month()),
        year = local.year().to_string(),
        time = time
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
fn state_badge<'a>(state: State) -> Element<'a, Message> {
    let (glyph, role): (Icon, fn(&Colors) -> Color) = match state {
        State::Failed => (Icon::Alert, |c| c.danger),
        State::Held => (Icon::Held, |c| c.danger),
        State::Unconfirmed | State::Deferred => (Icon::Clock, |c| c.warning),
        State::Sent => (Icon::Check, |c| c.success),
        State::Sending => (Icon::Sending, |c| c.muted),
        State::Queued => (Icon::Clock, |c| c.muted),
    };
    dir::row(vec![
        icon::icon(glyph, 16.0, role).into(),
        text(state.label())
            .style(move |theme: &iced::Theme| text::Style {
                color: Some(role(theme::colors(theme))),
            })
            .into(),
    ])
    .spacing(theme::space::XS)
    .into()
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
        list = list.push(text(fl!("ui-outbox-empty")).style(theme::muted).at_start());
    }
    for entry in entries {
        let mut card = column![
            dir::row(vec![
                text(entry.subject.clone()).size(theme::size::BODY).into(),
                iced::widget::space::horizontal().into(),
                state_badge(entry.state),
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
        if let Some(next) = next_try(entry, now) {
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
                text(error.to_string())
                    .size(theme::size::SMALL)
                    .style(theme::danger)
                    .at_start(),
            );
        }
        for copy in &entry.copies {
            card = card.push(
                text(fl!("ui-copy-sent-to", recipients = copy.to.join(", ")))
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .at_start(),
            );
        }
        let id = &entry.id;
        let mut actions = Vec::new();
        match entry.state {
            State::Deferred | State::Queued | State::Failed => {
                actions.push(action(fl!("ui-retry-now"), Message::RetryNow(id.clone())));
                actions.push(action(fl!("ui-edit"), Message::Edit(id.clone())));
                actions.push(action(
                    fl!("ui-cancel-message"),
                    Message::Cancel(id.clone()),
                ));
                if can_send_to_accepted(entry) {
                    actions.push(action(
                        fl!("ui-send-to-accepted"),
                        Message::SendToAccepted(id.clone()),
                    ));
                }
            }
            State::Unconfirmed => {
                actions.push(action(fl!("ui-send-again"), Message::SendAgain(id.clone())));
                actions.push(action(fl!("ui-mark-sent"), Message::MarkSent(id.clone())));
            }
            State::Held => {
                if entry
                    .last_error
                    .as_ref()
                    .is_some_and(crate::outbox::held_for_sign_in)
                {
                    actions.push(action(
                        fl!("ui-signin-again"),
                        Message::SignInAgain(entry.account.clone()),
                    ));
                }
                actions.push(action(
                    fl!("ui-open-account"),
                    Message::OpenAccount(entry.account.clone()),
                ));
                actions.push(action(fl!("ui-retry-now"), Message::RetryNow(id.clone())));
                actions.push(action(
                    fl!("ui-cancel-message"),
                    Message::Cancel(id.clone()),
                ));
            }
            State::Sending | State::Sent => {}
        }
        if !entry.history.is_empty() {
            actions.push(action(
                fl!("ui-transcripts"),
                Message::ToggleDetails(id.clone()),
            ));
        }
        card = card.push(dir::row(actions));
        if confirm_cancel == Some(id.as_str()) {
            card = card.push(
                container(dir::row(vec![
                    text(fl!("ui-cancel-confirm")).at_start(),
                    focus::button(
                        button(text(fl!("ui-cancel-yes"))).style(theme::danger_button),
                        Message::ConfirmCancel(Some(id.clone())),
                    ),
                    focus::button(
                        button(text(fl!("ui-keep-message"))).style(theme::secondary_button),
                        Message::ConfirmCancel(None),
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
            text(format!("{} — {outcome}", local_time(attempt.at)))
                .size(theme::size::SMALL)
                .at_start(),
        );
        col = col.push(
            container(
                text(attempt.transcript.to_string())
                    .font(iced::Font::MONOSPACE)
                    .size(theme::size::CAPTION),
            )
            .padding(6)
            .width(Fill)
            .align_x(iced::alignment::Horizontal::Left)
            .style(theme::card),
        );
    }
    col.into()
}

pub fn view_sent<'a>(
    page: &'a SentPage,
    search: &'a str,
    expanded: Option<&'a str>,
    opened: Option<(&'a Entry, Option<&'a str>)>,
) -> Element<'a, Message> {
    let mut list = column![].spacing(8);
    // The page is newest first, already filtered by the index.
    for row in &page.rows {
        let when = local_time(row.at);
        let mut card = column![
            focus::button(
                button(dir::row(vec![
                    text(row.subject.clone()).into(),
                    iced::widget::space::horizontal().into(),
                    text(when)
                        .size(theme::size::SMALL)
                        .style(theme::muted)
                        .into(),
                ]))
                .style(theme::row_button)
                .width(Fill),
                Message::ToggleDetails(row.id.clone()),
            ),
            text(fl!(
                "ui-recipients-list",
                recipients = row.recipients.join(", ")
            ))
            .size(theme::size::SMALL)
            .at_start(),
        ]
        .spacing(2);
        if expanded == Some(row.id.as_str())
            && let Some((entry, source)) = opened.filter(|(e, _)| e.id == row.id)
        {
            card = card.push(sent_details(entry, source));
        }
        list = list.push(container(card).padding(8).width(Fill).style(theme::card));
    }
    if page.rows.is_empty() {
        list = list.push(text(fl!("ui-sent-empty")).style(theme::muted).at_start());
    }
    if page.more {
        list = list.push(action(fl!("ui-sent-more"), Message::MoreSent));
    }
    column![
        text(fl!("ui-sent-title"))
            .size(theme::size::TITLE)
            .at_start(),
        dir::input(&fl!("ui-search-sent"), search)
            .id("search")
            .on_input(Message::Search),
        scrollable(list.padding(iced::Padding::ZERO.right(12)))
            .height(Fill)
            .on_scroll(|viewport| Message::SentScrolled {
                near_end: viewport.relative_offset().y > 0.8,
            }),
    ]
    .spacing(10)
    .into()
}
