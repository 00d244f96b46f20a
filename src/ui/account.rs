//! "Add your email account": address and password, server settings filled
//! from the provider when known, "Test and save".

use iced::widget::{button, checkbox, column, container, pick_list, scrollable, text};
use iced::{Element, Fill, Length};

use crate::config::{Account, AuthMethod, Security};
use crate::fl;
use crate::ui::dir::AtStart;
use crate::ui::{dir, presets};

#[derive(Debug, Clone, Default)]
pub struct AccountForm {
    /// The account being edited (None: a new one).
    pub editing: Option<String>,
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub host: String,
    pub port: String,
    pub security: Option<SecurityChoice>,
    pub username: String,
    pub signature: String,
    pub manual: bool,
    /// The name of the account just saved, for the root to act on.
    pub saved_name: Option<String>,
    /// How the edited account signs in (kept unless a password is typed).
    pub auth: Option<AuthMethod>,
    pub provider: Option<&'static str>,
    pub testing: bool,
    pub result: Option<Result<String, String>>,
    pub transcript: Option<String>,
    pub show_transcript: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityChoice(pub Security);

impl SecurityChoice {
    pub const ALL: [SecurityChoice; 3] = [
        SecurityChoice(Security::Tls),
        SecurityChoice(Security::Starttls),
        SecurityChoice(Security::None),
    ];
}

impl std::fmt::Display for SecurityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            Security::Tls => fl!("ui-security-tls"),
            Security::Starttls => fl!("ui-security-starttls"),
            Security::None => fl!("ui-security-none"),
        })
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    DisplayName(String),
    Email(String),
    Password(String),
    Host(String),
    Port(String),
    Security(SecurityChoice),
    Username(String),
    Signature(String),
    Manual(bool),
    TestAndSave,
    /// The test's outcome: Ok or the error sentence, with the transcript.
    Tested(Result<(), String>, String),
    Saved(Result<(), String>),
    ToggleTranscript,
    Cancel,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// Test the connection, then store the password and save the account.
    Test {
        account: Box<Account>,
        password: String,
    },
    Save {
        account: Box<Account>,
        password: String,
        replaces: Option<String>,
    },
    Done,
    Cancel,
}

impl AccountForm {
    pub fn edit(account: &Account) -> AccountForm {
        AccountForm {
            editing: Some(account.name.clone()),
            display_name: account.display_name.clone().unwrap_or_default(),
            email: account.email.clone(),
            host: account.host.clone(),
            port: account.port().to_string(),
            security: Some(SecurityChoice(account.security)),
            username: account.username.clone().unwrap_or_default(),
            signature: account.signature.clone().unwrap_or_default(),
            manual: true,
            auth: Some(account.auth),
            ..AccountForm::default()
        }
    }

    /// The account the form describes, or the sentence saying what is missing.
    pub fn account(&self) -> Result<Account, String> {
        let email = self.email.trim();
        if crate::compose::parse_mailbox(email).is_err() || email.contains('<') {
            return Err(fl!("ui-account-invalid-email"));
        }
        let host = self.host.trim();
        if host.is_empty() {
            return Err(fl!("ui-account-need-host"));
        }
        // The name goes into every From header: the one rule the command line uses.
        crate::compose::check_header_text(&fl!("ui-display-name"), &self.display_name)
            .map_err(|e| e.to_string())?;
        let security = self.security.map(|s| s.0).unwrap_or(Security::Tls);
        let port = if self.port.trim().is_empty() {
            security.default_port()
        } else {
            self.port
                .trim()
                .parse::<u16>()
                .map_err(|_| fl!("ui-account-invalid-port"))?
        };
        let username = self.username.trim();
        Ok(Account {
            name: self.editing.clone().unwrap_or_else(|| email.to_owned()),
            display_name: Some(self.display_name.trim().to_owned()).filter(|s| !s.is_empty()),
            email: email.to_owned(),
            host: host.to_owned(),
            port: Some(port),
            security,
            auth: match (self.password.is_empty(), self.auth) {
                (false, _) => AuthMethod::Password,
                (true, Some(kept)) => kept,
                (true, None) => AuthMethod::None,
            },
            username: Some(username.to_owned()).filter(|u| !u.is_empty() && *u != email),
            ca_file: None,
            signature: Some(self.signature.clone()).filter(|s| !s.trim().is_empty()),
            allow_insecure: security == Security::None && !crate::paths::is_loopback_host(host),
            token_command: None,
            oauth: None,
        })
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::DisplayName(v) => self.display_name = v,
            Message::Email(v) => {
                self.email = v;
                self.provider = None;
                if let Some(preset) = presets::for_address(&self.email)
                    && !self.manual
                {
                    self.host = preset.host.to_owned();
                    self.port = preset.port.to_string();
                    self.security = Some(SecurityChoice(preset.security));
                    self.provider = Some(preset.provider);
                }
            }
            Message::Password(v) => self.password = v,
            Message::Host(v) => self.host = v,
            Message::Port(v) => self.port = v.chars().filter(char::is_ascii_digit).collect(),
            Message::Security(choice) => {
                self.security = Some(choice);
                self.port = choice.0.default_port().to_string();
            }
            Message::Username(v) => self.username = v,
            Message::Signature(v) => self.signature = v,
            Message::Manual(on) => self.manual = on,
            Message::TestAndSave => match self.account() {
                Ok(account) => {
                    self.testing = true;
                    self.result = None;
                    return Action::Test {
                        account: Box::new(account),
                        password: self.password.clone(),
                    };
                }
                Err(problem) => self.result = Some(Err(problem)),
            },
            Message::Tested(outcome, transcript) => {
                self.transcript = Some(transcript);
                match (outcome, self.account()) {
                    (Ok(()), Ok(account)) => {
                        self.saved_name = Some(account.name.clone());
                        return Action::Save {
                            account: Box::new(account),
                            password: self.password.clone(),
                            replaces: self.editing.clone(),
                        };
                    }
                    (Err(problem), _) | (_, Err(problem)) => {
                        self.testing = false;
                        self.result = Some(Err(problem));
                    }
                }
            }
            Message::Saved(outcome) => {
                self.testing = false;
                match outcome {
                    Ok(()) => {
                        self.result = Some(Ok(fl!("ui-account-saved")));
                        return Action::Done;
                    }
                    Err(problem) => self.result = Some(Err(problem)),
                }
            }
            Message::ToggleTranscript => self.show_transcript = !self.show_transcript,
            Message::Cancel => return Action::Cancel,
        }
        Action::None
    }

    pub fn view(&self, first_run: bool) -> Element<'_, Message> {
        let label = |s: String| dir::label(s, 150.0);
        let title = if first_run {
            fl!("ui-first-run-title")
        } else if self.editing.is_some() {
            fl!("ui-account-edit-title")
        } else {
            fl!("ui-account-add-title")
        };
        let mut form = column![
            text(title).size(24).at_start(),
            text(fl!("ui-first-run-hint"))
                .style(text::secondary)
                .at_start(),
            dir::row(vec![
                label(fl!("ui-display-name")),
                dir::input(&fl!("ui-display-name-placeholder"), &self.display_name)
                    .id("display-name")
                    .on_input(Message::DisplayName)
                    .into(),
            ]),
            dir::row(vec![
                label(fl!("ui-email-address")),
                dir::ltr_input("you@example.com", &self.email)
                    .id("email")
                    .on_input(Message::Email)
                    .into(),
            ]),
            dir::row(vec![
                label(fl!("ui-password")),
                dir::password_input(&self.password)
                    .id("password")
                    .on_input(Message::Password)
                    .on_submit(Message::TestAndSave)
                    .into(),
            ]),
        ]
        .spacing(10)
        .max_width(640)
        .align_x(dir::start());

        if let Some(provider) = self.provider {
            form = form.push(
                text(fl!("ui-provider-detected", provider = provider))
                    .style(text::success)
                    .at_start(),
            );
        }
        form = form.push(
            // The box goes before its label in reading order, so it is built
            // from two parts that dir::row can mirror.
            dir::row(vec![
                checkbox(self.manual).on_toggle(Message::Manual).into(),
                button(text(fl!("ui-manual-settings")))
                    .style(button::text)
                    .padding(0)
                    .on_press(Message::Manual(!self.manual))
                    .into(),
            ]),
        );
        if self.manual || (self.provider.is_none() && self.email.contains('@')) {
            form = form
                .push(dir::row(vec![
                    label(fl!("ui-smtp-host")),
                    dir::ltr_input("smtp.example.com", &self.host)
                        .id("host")
                        .on_input(Message::Host)
                        .into(),
                ]))
                .push(dir::row(vec![
                    label(fl!("ui-security")),
                    pick_list(SecurityChoice::ALL, self.security, Message::Security)
                        .placeholder(fl!("ui-security-tls"))
                        .into(),
                    text(fl!("ui-port")).into(),
                    dir::ltr_input("465", &self.port)
                        .id("port")
                        .on_input(Message::Port)
                        .width(Length::Fixed(90.0))
                        .into(),
                ]))
                .push(dir::row(vec![
                    label(fl!("ui-username")),
                    dir::ltr_input(&fl!("ui-username-placeholder"), &self.username)
                        .on_input(Message::Username)
                        .into(),
                ]))
                .push(dir::row(vec![
                    label(fl!("ui-signature")),
                    dir::input("", &self.signature)
                        .on_input(Message::Signature)
                        .into(),
                ]));
        }

        let test = button(text(if self.testing {
            fl!("ui-testing")
        } else {
            fl!("ui-test-and-save")
        }))
        .style(button::primary)
        .padding([6, 18])
        .on_press_maybe((!self.testing).then_some(Message::TestAndSave));
        let mut actions: Vec<Element<'_, Message>> = vec![test.into()];
        if !first_run {
            actions.push(
                button(text(fl!("ui-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel)
                    .into(),
            );
        }
        if self.transcript.is_some() {
            actions.push(
                button(text(fl!("ui-show-transcript")))
                    .style(button::text)
                    .on_press(Message::ToggleTranscript)
                    .into(),
            );
        }
        form = form.push(dir::row(actions));

        match &self.result {
            Some(Ok(message)) => {
                form = form.push(text(message.clone()).style(text::success).at_start())
            }
            Some(Err(problem)) => {
                form = form.push(text(problem.clone()).style(text::danger).at_start())
            }
            None => {}
        }
        if self.show_transcript
            && let Some(transcript) = &self.transcript
        {
            form = form.push(
                container(
                    text(transcript.clone())
                        .font(iced::Font::MONOSPACE)
                        .size(12),
                )
                .padding(8)
                .width(Fill)
                .style(container::bordered_box),
            );
        }
        scrollable(container(form).padding(24).center_x(Fill)).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_name_with_a_line_break_is_refused_by_the_form() {
        let form = AccountForm {
            email: "layla@example.com".into(),
            host: "smtp.example.com".into(),
            display_name: "Layla\r\nBcc: x@example.net".into(),
            ..AccountForm::default()
        };
        let error = form.account().unwrap_err();
        assert!(error.contains("control character"), "{error}");
    }

    #[test]
    fn a_known_provider_fills_the_server() {
        let mut form = AccountForm::default();
        form.update(Message::Email("someone@gmail.com".into()));
        assert_eq!(form.host, "smtp.gmail.com");
        assert_eq!(form.port, "465");
        assert_eq!(form.provider, Some("Gmail"));
        form.update(Message::Password("pw".into()));
        match form.update(Message::TestAndSave) {
            Action::Test { account, password } => {
                assert_eq!(account.email, "someone@gmail.com");
                assert_eq!(account.port(), 465);
                assert_eq!(password, "pw");
            }
            other => panic!("{other:?}"),
        }
        assert!(form.testing);
    }

    #[test]
    fn a_failed_test_shows_the_reason_and_saves_nothing() {
        let mut form = AccountForm::default();
        form.update(Message::Email("me@example.org".into()));
        form.update(Message::Host("localhost".into()));
        form.update(Message::TestAndSave);
        let action = form.update(Message::Tested(Err("refused".into()), "S: 535".into()));
        assert_eq!(action, Action::None);
        assert_eq!(form.result, Some(Err("refused".into())));
        assert!(!form.testing);
        form.update(Message::TestAndSave);
        assert!(matches!(
            form.update(Message::Tested(Ok(()), String::new())),
            Action::Save { .. }
        ));
    }

    #[test]
    fn missing_host_is_explained() {
        let mut form = AccountForm::default();
        form.update(Message::Email("me@example.org".into()));
        assert_eq!(form.update(Message::TestAndSave), Action::None);
        assert!(matches!(form.result, Some(Err(_))));
    }
}
