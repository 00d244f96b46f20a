//! The account form's "Identities and signatures": the account's own
//! signature, the other addresses it sends as (aliases) with their names
//! and signatures, and where signatures go when the text ends with a quote.
//! Signatures are edited in the body's own multi-line field.

use iced::widget::{button, column, container, text};
use iced::{Element, Fill, Length};

use crate::config::{Account, Identity, SignaturePlacement};
use crate::fl;
use crate::ui::dir;
use crate::ui::dir::AtStart;
use crate::ui::spell;
use crate::ui::widget::editor;
use crate::ui::widget::focus;
use crate::ui::widget::picker::picker;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdentitiesForm {
    /// The account's own signature.
    pub signature: String,
    pub placement: SignaturePlacement,
    pub aliases: Vec<Alias>,
}

/// One alias as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alias {
    pub email: String,
    pub display_name: String,
    pub signature: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Signature(String),
    Placement(PlacementChoice),
    Add,
    Remove(usize),
    Email(usize, String),
    Name(usize, String),
    AliasSignature(usize, String),
    /// "Add to dictionary" in a signature's spelling menu (the account
    /// form passes it on to be saved, as compose does).
    LearnWord(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementChoice(pub SignaturePlacement);

impl PlacementChoice {
    const ALL: [PlacementChoice; 2] = [
        PlacementChoice(SignaturePlacement::BelowQuote),
        PlacementChoice(SignaturePlacement::AboveQuote),
    ];
}

impl std::fmt::Display for PlacementChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            SignaturePlacement::BelowQuote => fl!("ui-signature-below-quote"),
            SignaturePlacement::AboveQuote => fl!("ui-signature-above-quote"),
        })
    }
}

/// Text that is only blank is no signature.
fn some_text(text: &str) -> Option<String> {
    let text = text.trim_end();
    (!text.trim().is_empty()).then(|| text.to_owned())
}

impl IdentitiesForm {
    pub fn of(account: &Account) -> IdentitiesForm {
        IdentitiesForm {
            signature: account.signature.clone().unwrap_or_default(),
            placement: account.signature_placement,
            aliases: account
                .identities
                .iter()
                .map(|i| Alias {
                    email: i.email.clone(),
                    display_name: i.display_name.clone().unwrap_or_default(),
                    signature: i.signature.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    pub fn update(&mut self, message: Message) {
        match message {
            Message::Signature(v) => self.signature = v,
            Message::Placement(choice) => self.placement = choice.0,
            Message::Add => self.aliases.push(Alias::default()),
            Message::Remove(i) if i < self.aliases.len() => {
                self.aliases.remove(i);
            }
            Message::Remove(_) => {}
            Message::Email(i, v) => {
                if let Some(alias) = self.aliases.get_mut(i) {
                    alias.email = v;
                }
            }
            Message::Name(i, v) => {
                if let Some(alias) = self.aliases.get_mut(i) {
                    alias.display_name = v;
                }
            }
            Message::AliasSignature(i, v) => {
                if let Some(alias) = self.aliases.get_mut(i) {
                    alias.signature = v;
                }
            }
            Message::LearnWord(_) => {}
        }
    }

    /// Puts the signatures and identities into `account` (whose own address
    /// is set), or says which identity is wrong. Rows left wholly empty are
    /// dropped.
    pub fn apply(&self, account: &mut Account) -> Result<(), String> {
        account.signature = some_text(&self.signature);
        account.signature_placement = self.placement;
        let mut identities: Vec<Identity> = Vec::new();
        for (n, alias) in self.aliases.iter().enumerate() {
            let number = (n + 1) as u64;
            let email = alias.email.trim();
            if email.is_empty()
                && alias.display_name.trim().is_empty()
                && some_text(&alias.signature).is_none()
            {
                continue;
            }
            if crate::compose::parse_mailbox(email).is_err() || email.contains('<') {
                return Err(fl!(
                    "ui-identity-invalid",
                    number = number,
                    address = email.to_owned()
                ));
            }
            let taken = account.email.eq_ignore_ascii_case(email)
                || identities
                    .iter()
                    .any(|i| i.email.eq_ignore_ascii_case(email));
            if taken {
                return Err(fl!(
                    "ui-identity-duplicate",
                    number = number,
                    address = email.to_owned()
                ));
            }
            crate::compose::check_header_text(&fl!("ui-identity-name"), &alias.display_name)
                .map_err(|e| e.to_string())?;
            identities.push(Identity {
                email: email.to_owned(),
                display_name: some_text(&alias.display_name).map(|n| n.trim().to_owned()),
                signature: some_text(&alias.signature),
            });
        }
        account.identities = identities;
        Ok(())
    }

    pub fn view(&self, label_width: f32) -> Element<'_, Message> {
        let label = |s: String| dir::label(s, label_width);
        let mut part = column![
            text(fl!("ui-identities")).size(18).at_start(),
            dir::paragraph(fl!("ui-identities-hint"))
                .size(13)
                .style(text::secondary)
                .at_start(),
            dir::row(vec![
                label(fl!("ui-signature")),
                signature_field("signature".into(), &self.signature, Message::Signature),
            ]),
            dir::row(vec![
                label(fl!("ui-signature-placement")),
                picker(
                    PlacementChoice::ALL,
                    Some(PlacementChoice(self.placement)),
                    Message::Placement
                )
                .into(),
            ]),
        ]
        .spacing(8)
        .align_x(dir::start());
        for (i, alias) in self.aliases.iter().enumerate() {
            let rows = column![
                dir::row(vec![
                    label(fl!("ui-identity-address")),
                    dir::ltr_input("sales@example.com", &alias.email)
                        .id(format!("identity-{i}-email"))
                        .on_input(move |v| Message::Email(i, v))
                        .into(),
                ]),
                dir::row(vec![
                    label(fl!("ui-identity-name")),
                    dir::input(&fl!("ui-display-name-placeholder"), &alias.display_name)
                        .id(format!("identity-{i}-name"))
                        .on_input(move |v| Message::Name(i, v))
                        .into(),
                ]),
                dir::row(vec![
                    label(fl!("ui-signature")),
                    signature_field(
                        format!("identity-{i}-signature"),
                        &alias.signature,
                        move |v| Message::AliasSignature(i, v),
                    ),
                ]),
                dir::row(vec![focus::button(
                    button(text(fl!("ui-identity-remove"))).style(button::text),
                    Message::Remove(i),
                )]),
            ]
            .spacing(6)
            .align_x(dir::start());
            part = part.push(
                container(rows)
                    .padding(8)
                    .width(Fill)
                    .style(container::bordered_box),
            );
        }
        part = part.push(dir::row(vec![focus::button(
            button(text(fl!("ui-identity-add"))).style(button::secondary),
            Message::Add,
        )]));
        part.into()
    }
}

/// A signature is written like a body: the same field, spell checked as
/// the body is, with the same menu.
fn signature_field<'a>(
    id: String,
    value: &str,
    on_input: impl Fn(String) -> Message + 'a,
) -> Element<'a, Message> {
    editor::multi_line(&fl!("ui-signature-placeholder"), value)
        .id(id)
        .spell_check(spell::current())
        .on_learn(Message::LearnWord)
        .on_input(on_input)
        .height(Length::Shrink)
        .min_height(64.0)
        .padding(6)
        .into()
}
