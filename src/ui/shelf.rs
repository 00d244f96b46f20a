//! Drafts put aside and templates, on disk: what the compose screen's
//! list asks for, done off the window's thread. The open draft is written
//! through `save_current` (the app's own draft store).

use iced::widget::{button, column, container, text};
use iced::{Element, Fill};

use crate::compose::Draft;
use crate::compose::saved::{self, Saved, Shelf};
use crate::fl;
use crate::paths::Paths;
use crate::services::ServiceError;
use crate::ui::compose::{Action, Compose, Message, ShelfOp, Shelved};
use crate::ui::dir::AtStart;
use crate::ui::widget::focus;
use crate::ui::{dir, theme};

/// The list beside the editor.
impl Compose {
    pub(crate) fn take(&mut self, shelf: Shelf, id: String, then_send: bool) -> Action {
        let aside = (!self.is_empty()).then(|| (self.from.clone(), self.draft()));
        Action::Shelf(ShelfOp::Take {
            shelf,
            id,
            aside,
            then_send,
        })
    }

    /// A list row: subject, recipients, when it was saved, and its buttons.
    fn shelf_row<'a>(&self, saved: &'a Saved, shelf: Shelf) -> Element<'a, Message> {
        let subject = if saved.draft.subject.trim().is_empty() {
            fl!("ui-draft-untitled")
        } else {
            saved.draft.subject.clone()
        };
        let to = saved.draft.to.join(", ");
        let mut buttons: Vec<Element<'a, Message>> = Vec::new();
        let small = |label: String, message: Message| -> Element<'a, Message> {
            button(text(label).size(13))
                .style(button::secondary)
                .padding([2, 10])
                .on_press(message)
                .into()
        };
        match shelf {
            Shelf::Drafts => {
                buttons.push(small(
                    fl!("ui-draft-open"),
                    Message::OpenSaved(shelf, saved.id.clone()),
                ));
                buttons.push(small(
                    fl!("ui-draft-send"),
                    Message::SendSaved(saved.id.clone()),
                ));
            }
            Shelf::Templates => buttons.push(small(
                fl!("ui-template-use"),
                Message::OpenSaved(shelf, saved.id.clone()),
            )),
        }
        buttons.push(
            button(text(fl!("ui-draft-delete")).size(13))
                .style(button::text)
                .padding([2, 10])
                .on_press(Message::DeleteSaved(shelf, saved.id.clone()))
                .into(),
        );
        let asking = self.confirm_delete.as_ref() == Some(&(shelf, saved.id.clone()));
        let mut line: Vec<Element<'a, Message>> = vec![
            column![
                text(subject).at_start(),
                text(format!(
                    "{to}  ·  {}",
                    crate::ui::outbox::local_time(saved.saved_at)
                ))
                .size(12)
                .style(text::secondary)
                .at_start(),
            ]
            .width(Fill)
            .into(),
        ];
        if !asking {
            line.extend(buttons);
        }
        let mut card = column![dir::row(line)].spacing(6);
        if asking {
            // The same question as Discard: its look, and Escape says no.
            card = card.push(
                container(dir::row(vec![
                    dir::paragraph(fl!("ui-delete-saved-confirm"))
                        .width(Fill)
                        .into(),
                    focus::button_id(
                        "delete-yes",
                        button(text(fl!("ui-draft-delete"))).style(theme::danger_button),
                        Some(Message::ConfirmDelete(true)),
                    ),
                    focus::button_id(
                        "keep-saved",
                        button(text(fl!("ui-keep-draft"))).style(theme::secondary_button),
                        Some(Message::ConfirmDelete(false)),
                    ),
                ]))
                .padding(10)
                .width(Fill)
                .style(theme::confirm_card),
            );
        }
        container(card)
            .padding([6, 10])
            .width(Fill)
            .style(container::rounded_box)
            .into()
    }

    pub(crate) fn shelf_view(&self) -> Element<'_, Message> {
        let can_save = !self.is_empty();
        let mut list = column![dir::row(vec![
            button(text(fl!("ui-save-draft")))
                .style(button::secondary)
                .on_press_maybe(can_save.then_some(Message::SaveForLater))
                .into(),
            button(text(fl!("ui-save-template")))
                .style(button::secondary)
                .on_press_maybe(can_save.then_some(Message::SaveTemplate))
                .into(),
        ])]
        .spacing(6);
        for (title, empty, shelf, items) in [
            (
                fl!("ui-drafts"),
                fl!("ui-drafts-empty"),
                Shelf::Drafts,
                &self.drafts,
            ),
            (
                fl!("ui-templates"),
                fl!("ui-templates-empty"),
                Shelf::Templates,
                &self.templates,
            ),
        ] {
            list = list.push(text(title).size(16).at_start());
            if items.is_empty() {
                list = list.push(
                    dir::paragraph(empty)
                        .size(13)
                        .style(text::secondary)
                        .at_start(),
                );
            }
            for saved in items {
                list = list.push(self.shelf_row(saved, shelf));
            }
        }
        container(iced::widget::scrollable(container(list).padding(10)).height(Fill))
            .id("shelf")
            .width(Fill)
            .height(Fill)
            .style(container::bordered_box)
            .into()
    }
}

/// Does one drafts-and-templates operation and reads both lists again.
/// Every step writes before it removes: a crash between two steps leaves a
/// message twice at worst, never nowhere.
pub fn run(
    paths: &Paths,
    op: ShelfOp,
    save_current: impl Fn(Option<&Draft>) -> Result<(), ServiceError>,
) -> Result<Shelved, ServiceError> {
    let data = &paths.data_dir;
    let failed = |e: std::io::Error| ServiceError::DraftNotSaved {
        path: data.join("drafts"),
        reason: std::sync::Arc::new(e),
    };
    let not_current = |e: ServiceError| e;
    let mut done = Shelved::default();
    match op {
        ShelfOp::List => {}
        ShelfOp::Put {
            shelf,
            account,
            draft,
        } => {
            saved::save(data, shelf, account.as_deref(), &draft).map_err(failed)?;
            if shelf == Shelf::Drafts {
                // It is safe in Drafts: the editor's autosaved copy goes.
                save_current(None).map_err(not_current)?;
            }
            done.put = Some(shelf);
        }
        ShelfOp::Take {
            shelf,
            id,
            aside,
            then_send,
        } => {
            let taken = saved::load(data, shelf, &id).map_err(failed)?;
            if let Some((account, draft)) = aside {
                saved::save(data, Shelf::Drafts, account.as_deref(), &draft).map_err(failed)?;
            }
            if shelf == Shelf::Drafts {
                save_current(Some(&taken.draft)).map_err(not_current)?;
                saved::remove(data, shelf, &id).map_err(failed)?;
            }
            done.taken = Some((taken.account, taken.draft, then_send));
        }
        ShelfOp::Delete { shelf, id } => {
            saved::remove(data, shelf, &id).map_err(failed)?;
        }
    }
    done.drafts = saved::list(data, Shelf::Drafts);
    done.templates = saved::list(data, Shelf::Templates);
    Ok(done)
}
