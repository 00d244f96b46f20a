//! "Add your email account": address and password, server settings filled
//! from the provider when known (the presets, offline) or discovered from
//! the address (autoconfig, ISPDB, MX, SRV, a guess), "Test and save".

use iced::widget::{button, checkbox, column, container, text};
use iced::{Element, Fill, Length};

use crate::config::{Account, AuthMethod, Security};
use crate::discover::{self, Found};
use crate::fl;
use crate::ui::dir::AtStart;
use crate::ui::identities::{self, IdentitiesForm};
use crate::ui::theme;
use crate::ui::widget::focus;
use crate::ui::widget::picker::picker;
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
    /// Messages go as plain text only (no HTML copy of formatted text).
    pub plain_text: bool,
    /// Signatures, aliases and where signatures go.
    pub identities: IdentitiesForm,
    pub manual: bool,
    /// The user typed the server: addresses no longer change it.
    pub host_edited: bool,
    /// The name of the account just saved, for the root to act on.
    pub saved_name: Option<String>,
    /// How the edited account signs in (kept unless a password is typed).
    pub auth: Option<AuthMethod>,
    /// The edited account as saved: what the form does not show (its OAuth2
    /// settings, its token command) is kept when it is saved again.
    pub original: Option<Box<Account>>,
    pub provider: Option<&'static str>,
    pub testing: bool,
    pub result: Option<Result<String, String>>,
    pub transcript: Option<String>,
    pub show_transcript: bool,
    /// A discovery for this address is under way.
    pub discovering: bool,
    /// What discovery filled in, or why it found nothing.
    pub discovered: Option<Result<Discovered, String>>,
    /// The user trusts discovered settings that need confirmation.
    pub trust_confirmed: bool,
    /// The browser sign-in (Google, Microsoft) is under way.
    pub signing_in: bool,
    /// The user's own OAuth2 client id, asked for once the build turned out
    /// to have none for the provider.
    pub client_id: String,
    pub needs_client_id: bool,
    /// The provider whose sign-in discovery found for this address's
    /// server (a custom domain hosted by Google or Microsoft).
    pub discovered_provider: Option<&'static crate::oauth::Provider>,
    /// The account being signed in, saved as it was sent once it worked.
    pub signing_in_as: Option<Box<Account>>,
    /// The IMAP server for the copy in Sent (empty: no copy).
    pub imap_host: String,
    pub imap_port: String,
    pub imap_security: Option<ImapSecurityChoice>,
    /// None: the default (off for providers that file sent mail themselves).
    pub save_sent: Option<bool>,
    pub sent_folder: String,
}

/// Where the filled-in settings came from, shown under the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub source: String,
    pub host: String,
    pub domain: String,
    pub needs_confirmation: bool,
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

/// TLS or STARTTLS for IMAP (never plain: a password would go in clear).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImapSecurityChoice(pub Security);

impl ImapSecurityChoice {
    pub const ALL: [ImapSecurityChoice; 2] = [
        ImapSecurityChoice(Security::Tls),
        ImapSecurityChoice(Security::Starttls),
    ];
}

impl std::fmt::Display for ImapSecurityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            Security::Starttls => fl!("ui-imap-security-starttls"),
            _ => fl!("ui-imap-security-tls"),
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
    PlainText(bool),
    Identities(identities::Message),
    Manual(bool),
    TestAndSave,
    /// The test's outcome: Ok or the error sentence, with the transcript.
    Tested(Result<(), String>, String),
    Saved(Result<(), String>),
    ToggleTranscript,
    Cancel,
    /// "Find settings" (or Enter in the address field).
    Discover,
    /// Discovery's answer for this address.
    Discovered(String, Result<Box<Found>, String>),
    TrustDiscovered(bool),
    /// "Sign in with Google / Microsoft".
    SignIn,
    /// The browser sign-in's outcome: Ok once the sign-in is in the keychain.
    SignedIn(Result<(), crate::oauth::OAuthError>),
    ClientId(String),
    ImapHost(String),
    ImapPort(String),
    ImapSecurity(ImapSecurityChoice),
    SaveSent(bool),
    SentFolder(String),
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
    /// Look up the settings of this address (off the UI thread).
    Discover {
        address: String,
    },
    /// Sign in in the browser and keep the sign-in (off the UI thread).
    SignIn {
        account: Box<Account>,
    },
    /// Keep a word the user added to the dictionary from a signature.
    LearnWord(String),
}

/// The provider whose sign-in the form offers for this address: one with
/// its own endpoints and server (an OpenID Connect issuer needs settings
/// the form does not have).
pub fn sign_in_provider(email: &str) -> Option<&'static crate::oauth::Provider> {
    crate::oauth::provider_for_email(email.trim()).filter(|p| !p.discovery && p.smtp_host.is_some())
}

/// The provider of a discovered server that takes OAuth2, known by its
/// host (a custom domain on Google Workspace or Microsoft 365).
fn provider_of_found(found: &Found) -> Option<&'static crate::oauth::Provider> {
    if !found.smtp.auths.contains(&discover::Auth::OAuth2) {
        return None;
    }
    crate::oauth::providers().iter().find(|p| {
        !p.discovery
            && p.smtp_host
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(&found.smtp.host))
    })
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
            plain_text: account.plain_text,
            identities: IdentitiesForm::of(account),
            manual: true,
            auth: Some(account.auth),
            original: Some(Box::new(account.clone())),
            imap_host: account
                .imap
                .as_ref()
                .map(|i| i.host.clone())
                .unwrap_or_default(),
            imap_port: account
                .imap
                .as_ref()
                .map(|i| i.port().to_string())
                .unwrap_or_default(),
            imap_security: account
                .imap
                .as_ref()
                .map(|i| ImapSecurityChoice(i.security)),
            save_sent: account.imap.as_ref().map(|i| i.save_sent),
            sent_folder: account
                .imap
                .as_ref()
                .and_then(|i| i.sent_folder.clone())
                .unwrap_or_default(),
            ..AccountForm::default()
        }
    }

    /// The copy in Sent is on unless the user turned it off, or the
    /// provider files sent mail itself (then the reason is shown).
    fn saves_sent(&self) -> bool {
        self.save_sent
            .unwrap_or_else(|| self.copying_provider().is_none())
    }

    fn copying_provider(&self) -> Option<&'static str> {
        crate::imap::provider_copying_sent(&self.email, &self.host)
    }

    /// The IMAP settings the form describes (None: no IMAP host).
    fn imap(&self) -> Result<Option<crate::config::ImapSettings>, String> {
        let host = self.imap_host.trim();
        if host.is_empty() {
            return Ok(None);
        }
        let kept = self.original.as_ref().and_then(|a| a.imap.clone());
        let mut imap = crate::config::ImapSettings::new(host);
        imap.security = self.imap_security.map(|s| s.0).unwrap_or(Security::Tls);
        imap.port = match self.imap_port.trim() {
            "" => None,
            port => Some(
                port.parse::<u16>()
                    .map_err(|_| fl!("ui-account-invalid-port"))?,
            ),
        };
        imap.username = kept.as_ref().and_then(|k| k.username.clone());
        imap.own_password = kept.as_ref().is_some_and(|k| k.own_password);
        imap.save_sent = self.saves_sent();
        imap.sent_folder = Some(self.sent_folder.trim().to_owned()).filter(|f| !f.is_empty());
        Ok(Some(imap))
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
        let mut account = Account {
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
            // The form has no field for it (the command line sets it):
            // editing must not drop the private CA the server needs.
            ca_file: self.original.as_ref().and_then(|a| a.ca_file.clone()),
            signature: None,
            signature_placement: Default::default(),
            identities: Vec::new(),
            allow_insecure: security == Security::None && !crate::paths::is_loopback_host(host),
            plain_text: self.plain_text,
            // A typed password switches the account to password sign-in.
            token_command: self
                .original
                .as_ref()
                .filter(|_| self.password.is_empty())
                .and_then(|a| a.token_command.clone()),
            oauth: self
                .original
                .as_ref()
                .filter(|_| self.password.is_empty())
                .and_then(|a| a.oauth.clone()),
            imap: self.imap()?,
        };
        self.identities.apply(&mut account)?;
        Ok(account)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::DisplayName(v) => self.display_name = v,
            Message::Email(v) => {
                self.email = v;
                self.provider = None;
                // A sign-in under way was for the old address.
                self.signing_in = false;
                self.signing_in_as = None;
                self.discovering = false;
                self.discovered = None;
                self.discovered_provider = None;
                self.trust_confirmed = false;
                // Settings a preset or discovery filled in follow the
                // address (smtp.gmail.com must not stay for another domain
                // and get its password) until the user edits the server.
                if !self.host_edited && !self.manual && self.editing.is_none() {
                    self.host.clear();
                    self.port.clear();
                    self.security = None;
                }
                if let Some(preset) = presets::for_address(&self.email)
                    && !self.manual
                    && !self.host_edited
                {
                    self.host = preset.host.to_owned();
                    self.port = preset.port.to_string();
                    self.security = Some(SecurityChoice(preset.security));
                    self.provider = Some(preset.provider);
                }
            }
            Message::Password(v) => {
                self.password = v;
                // Moving on from the address to the password is when the
                // form fills itself, once, for a domain no preset knows.
                if self.host.trim().is_empty()
                    && self.discovered.is_none()
                    && !self.discovering
                    && self.editing.is_none()
                {
                    return self.update(Message::Discover);
                }
            }
            Message::Host(v) => {
                self.host = v;
                self.host_edited = true;
            }
            Message::Port(v) => self.port = v.chars().filter(char::is_ascii_digit).collect(),
            Message::Security(choice) => {
                // The field is left empty and shows the new default as its
                // placeholder: a real "587" would be typed after ("5873587").
                // A port the user chose stays.
                let old = self.security.map(|s| s.0).unwrap_or(Security::Tls);
                if self.port.trim().is_empty() || self.port.trim() == old.default_port().to_string()
                {
                    self.port.clear();
                }
                self.security = Some(choice);
            }
            Message::Username(v) => self.username = v,
            Message::PlainText(on) => self.plain_text = on,
            Message::Identities(identities::Message::LearnWord(word)) => {
                return Action::LearnWord(word);
            }
            Message::Identities(m) => self.identities.update(m),
            Message::Manual(on) => self.manual = on,
            Message::TestAndSave => match self.account() {
                Ok(account) if self.awaits_trust(&account.host) => {
                    self.result = Some(Err(self.trust_warning().unwrap_or_default()));
                }
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
            Message::Discover => {
                let address = self.email.trim().to_owned();
                if self.provider.is_none() && discover::domain_of(&address).is_some() {
                    self.discovering = true;
                    self.discovered = None;
                    return Action::Discover { address };
                }
            }
            Message::Discovered(address, outcome) => {
                // An answer for an address the user has since changed is stale.
                if address != self.email.trim() {
                    return Action::None;
                }
                self.discovering = false;
                self.trust_confirmed = false;
                self.discovered_provider = outcome.as_deref().ok().and_then(provider_of_found);
                self.discovered = Some(outcome.map(|found| self.fill(&found)));
            }
            Message::TrustDiscovered(on) => self.trust_confirmed = on,
            Message::SignIn => return self.sign_in(),
            Message::ClientId(v) => self.client_id = v,
            Message::ImapHost(v) => self.imap_host = v,
            Message::ImapPort(v) => {
                self.imap_port = v.chars().filter(char::is_ascii_digit).collect()
            }
            Message::ImapSecurity(choice) => {
                self.imap_security = Some(choice);
                let mut imap = crate::config::ImapSettings::new("");
                imap.security = choice.0;
                self.imap_port = imap.port().to_string();
            }
            Message::SaveSent(on) => self.save_sent = Some(on),
            Message::SentFolder(v) => self.sent_folder = v,
            Message::SignedIn(outcome) => {
                // An answer for a form since closed or changed is stale.
                let Some(account) = self.signing_in_as.take() else {
                    return Action::None;
                };
                match outcome {
                    Ok(()) => {
                        self.saved_name = Some(account.name.clone());
                        return Action::Save {
                            account,
                            password: String::new(),
                            replaces: self.editing.clone(),
                        };
                    }
                    Err(error) => {
                        self.needs_client_id |=
                            matches!(error, crate::oauth::OAuthError::NoClientId { .. });
                        self.signing_in = false;
                        self.auth = self.original.as_ref().map(|a| a.auth);
                        self.result = Some(Err(error.to_string()));
                    }
                }
            }
        }
        Action::None
    }

    fn sign_in_offered(&self) -> Option<&'static crate::oauth::Provider> {
        sign_in_provider(&self.email).or(self.discovered_provider)
    }

    /// The account as it will be saved once signed in: the provider's
    /// server unless the user set one, no password.
    fn sign_in(&mut self) -> Action {
        let Some(provider) = self.sign_in_offered() else {
            return Action::None;
        };
        if self.host.trim().is_empty() || !self.manual {
            self.host = provider.smtp_host.clone().unwrap_or_default();
            let security = provider.smtp_security.unwrap_or(Security::Tls);
            self.security = Some(SecurityChoice(security));
            self.port = provider
                .smtp_port
                .unwrap_or(security.default_port())
                .to_string();
        }
        self.password.clear();
        self.auth = Some(AuthMethod::OAuth2);
        match self.account() {
            Ok(mut account) => {
                // A token command belongs to the other way of signing in.
                account.token_command = None;
                // The provider is written down: a custom domain does not
                // name it.
                let mut settings = account
                    .oauth
                    .take()
                    .filter(|s| s.provider == provider.id)
                    .unwrap_or_default();
                settings.provider = provider.id.clone();
                let client_id = self.client_id.trim();
                if !client_id.is_empty() {
                    settings.client_id = Some(client_id.to_owned());
                }
                account.oauth = Some(settings);
                self.signing_in = true;
                self.result = None;
                let account = Box::new(account);
                self.signing_in_as = Some(account.clone());
                Action::SignIn { account }
            }
            Err(problem) => {
                self.auth = self.original.as_ref().map(|a| a.auth);
                self.result = Some(Err(problem));
                Action::None
            }
        }
    }

    /// Fills the server settings from discovery; what the user sees next.
    fn fill(&mut self, found: &Found) -> Discovered {
        self.host = found.smtp.host.clone();
        self.port = found.smtp.port.to_string();
        self.security = Some(SecurityChoice(found.smtp.security));
        self.username = found
            .smtp
            .username
            .clone()
            .filter(|u| !u.eq_ignore_ascii_case(self.email.trim()))
            .unwrap_or_default();
        // The provider's incoming server, for the copy in Sent; never
        // one without encryption.
        if let Some(imap) = found.imap.as_ref().filter(|i| i.security != Security::None)
            && self.imap_host.trim().is_empty()
        {
            self.imap_host = imap.host.clone();
            self.imap_port = imap.port.to_string();
            self.imap_security = Some(ImapSecurityChoice(imap.security));
        }
        Discovered {
            source: found.source.describe(),
            host: found.smtp.host.clone(),
            domain: discover::domain_of(&found.address).unwrap_or_default(),
            needs_confirmation: found.needs_confirmation,
        }
    }

    /// Discovered settings that need the user's word before the password
    /// goes to `host` (unless the user typed another host themselves).
    fn awaits_trust(&self, host: &str) -> bool {
        !self.trust_confirmed
            && matches!(&self.discovered, Some(Ok(d)) if d.needs_confirmation && d.host == host)
    }

    fn trust_warning(&self) -> Option<String> {
        match &self.discovered {
            Some(Ok(d)) if d.needs_confirmation => Some(fl!(
                "discover-needs-confirmation",
                host = d.host.clone(),
                domain = d.domain.clone()
            )),
            _ => None,
        }
    }

    /// The IMAP server and the copy in the Sent folder.
    fn imap_view(&self) -> Element<'_, Message> {
        let width = label_width();
        let label = |s: String| dir::label(s, width);
        let mut section = column![
            text(fl!("ui-imap-section")).size(15).at_start(),
            dir::row(vec![
                label(fl!("ui-imap-host")),
                dir::ltr_input("imap.example.com", &self.imap_host)
                    .id("imap-host")
                    .on_input(Message::ImapHost)
                    .into(),
            ]),
        ]
        .spacing(8)
        .width(Fill)
        .align_x(dir::start());
        if self.imap_host.trim().is_empty() {
            return section.into();
        }
        section = section
            .push(dir::row(vec![
                label(fl!("ui-security")),
                picker(
                    ImapSecurityChoice::ALL,
                    self.imap_security,
                    Message::ImapSecurity,
                )
                .placeholder(fl!("ui-imap-security-tls"))
                .into(),
            ]))
            // On a line of its own: beside the security picker it was
            // squeezed to one digit at 640 px.
            .push(dir::row(vec![
                label(fl!("ui-imap-port")),
                dir::ltr_input("993", &self.imap_port)
                    .id("imap-port")
                    .on_input(Message::ImapPort)
                    .width(Length::Fixed(90.0))
                    .into(),
            ]))
            .push(dir::row(vec![
                checkbox(self.saves_sent())
                    .on_toggle(Message::SaveSent)
                    .into(),
                // The label takes Tab and Space for the box (iced's
                // checkbox takes no keyboard focus).
                focus::button(
                    button(text(fl!("ui-save-sent")))
                        .style(button::text)
                        .padding(0),
                    Message::SaveSent(!self.saves_sent()),
                ),
            ]));
        if !self.saves_sent()
            && let Some(provider) = self.copying_provider()
        {
            section = section.push(
                dir::paragraph(fl!("ui-provider-copies-sent", provider = provider))
                    .size(13)
                    .at_start(),
            );
        }
        if self.saves_sent() {
            // Its label says how it is filled in, too long for the label
            // column: it goes above the field.
            section = section.push(dir::row(vec![
                label(String::new()),
                column![
                    text(fl!("ui-sent-folder")).at_start(),
                    dir::input("", &self.sent_folder).on_input(Message::SentFolder),
                ]
                .spacing(theme::space::XS)
                .into(),
            ]));
        }
        section.into()
    }

    pub fn view(&self, first_run: bool) -> Element<'_, Message> {
        let width = label_width();
        let label = |s: String| dir::label(s, width);
        let title = if first_run {
            fl!("ui-first-run-title")
        } else if self.editing.is_some() {
            fl!("ui-account-edit-title")
        } else {
            fl!("ui-account-add-title")
        };
        let mut form = column![
            text(title).size(theme::size::TITLE).at_start(),
            dir::paragraph(fl!("ui-first-run-hint"))
                .style(theme::muted)
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
                    .on_submit(Message::Discover)
                    .into(),
            ]),
        ]
        .spacing(10)
        .max_width(640)
        .align_x(dir::start());
        let provider = self.sign_in_offered();
        if let Some(provider) = provider {
            let busy = self.signing_in || self.testing;
            form = form.push(dir::row(vec![focus::button_maybe(
                button(text(if self.signing_in {
                    fl!("ui-signin-waiting")
                } else {
                    fl!("ui-signin-with", provider = provider.name.clone())
                }))
                .style(theme::primary_button)
                .padding([6, 18]),
                (!busy).then_some(Message::SignIn),
            )]));
            if self.needs_client_id {
                form = form.push(dir::row(vec![
                    label(fl!("ui-signin-client-id")),
                    dir::ltr_input("", &self.client_id)
                        .id("client-id")
                        .on_input(Message::ClientId)
                        .on_submit(Message::SignIn)
                        .into(),
                ]));
            }
            form = form.push(
                dir::paragraph(fl!("ui-signin-or-password"))
                    .style(theme::muted)
                    .at_start(),
            );
        }
        if let Some(method) = self.auth.filter(|_| self.password.is_empty()) {
            let shown = match method {
                AuthMethod::OAuth2 | AuthMethod::OAuth2Command => fl!("ui-signin-method-oauth"),
                AuthMethod::Password => fl!("ui-signin-method-password"),
                AuthMethod::None => fl!("ui-signin-method-none"),
            };
            form = form.push(dir::paragraph(shown).style(theme::muted).at_start());
        }
        form = form.push(column![dir::row(vec![
            label(fl!("ui-password")),
            dir::password_input(&self.password)
                .id("password")
                .on_input(Message::Password)
                .on_submit(Message::TestAndSave)
                .into(),
        ]),]);

        if let Some(provider) = self.provider {
            form = form.push(
                dir::paragraph(fl!("ui-provider-detected", provider = provider))
                    .style(theme::success)
                    .at_start(),
            );
            if let Some(page) = presets::for_address(&self.email).and_then(|p| p.app_password) {
                form = form.push(
                    dir::paragraph(fl!(
                        "ui-app-password-needed",
                        provider = provider,
                        page = page
                    ))
                    .size(theme::size::SMALL)
                    .at_start(),
                );
            }
        } else if discover::domain_of(&self.email).is_some() && self.editing.is_none() {
            form = form.push(self.discovery_view());
        }
        form = form.push(
            // The box goes before its label in reading order, so it is built
            // from two parts that dir::row can mirror.
            dir::row(vec![
                checkbox(self.manual).on_toggle(Message::Manual).into(),
                focus::button(
                    button(text(fl!("ui-manual-settings")))
                        .style(theme::quiet_button)
                        .padding(0),
                    Message::Manual(!self.manual),
                ),
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
                    picker(SecurityChoice::ALL, self.security, Message::Security)
                        .placeholder(fl!("ui-security-tls"))
                        .into(),
                ]))
                // On a line of its own: beside the security picker it was
                // squeezed to one digit at 640 px.
                .push(dir::row(vec![
                    label(fl!("ui-port")),
                    dir::ltr_input(
                        &self
                            .security
                            .map(|s| s.0)
                            .unwrap_or(Security::Tls)
                            .default_port()
                            .to_string(),
                        &self.port,
                    )
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
                    label(String::new()),
                    checkbox(self.plain_text)
                        .on_toggle(Message::PlainText)
                        .into(),
                    focus::button(
                        button(text(fl!("ui-plain-text-only")))
                            .style(theme::quiet_button)
                            .padding(0),
                        Message::PlainText(!self.plain_text),
                    ),
                ]));
            form = form.push(self.imap_view());
        }
        form = form.push(self.identities.view(150.0).map(Message::Identities));

        let test = button(text(if self.testing {
            fl!("ui-testing")
        } else {
            fl!("ui-test-and-save")
        }))
        // With a sign-in offered, the password is the other way.
        .style(if provider.is_some() {
            theme::secondary_button
        } else {
            theme::primary_button
        })
        .padding([6, 18]);
        let mut actions: Vec<Element<'_, Message>> = vec![focus::button_maybe(
            test,
            (!self.testing && !self.signing_in).then_some(Message::TestAndSave),
        )];
        if !first_run {
            actions.push(focus::button(
                button(text(fl!("ui-cancel"))).style(theme::secondary_button),
                Message::Cancel,
            ));
        }
        if self.transcript.is_some() {
            actions.push(focus::button(
                button(text(fl!("ui-show-transcript"))).style(theme::quiet_button),
                Message::ToggleTranscript,
            ));
        }
        form = form.push(dir::row(actions));

        match &self.result {
            Some(Ok(message)) => {
                form = form.push(
                    dir::paragraph(message.clone())
                        .style(theme::success)
                        .at_start(),
                )
            }
            Some(Err(problem)) => {
                form = form.push(
                    dir::paragraph(problem.clone())
                        .style(theme::danger)
                        .at_start(),
                )
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
                        .size(theme::size::CAPTION),
                )
                .padding(8)
                .width(Fill)
                .style(theme::card),
            );
        }
        crate::ui::app::scrolled(container(form).padding(24).center_x(Fill)).into()
    }
}

impl AccountForm {
    /// "Find settings", what it found and from where, and the trust box.
    fn discovery_view(&self) -> Element<'_, Message> {
        let mut part = column![].spacing(6).align_x(dir::start());
        if self.discovering {
            part = part.push(
                dir::paragraph(fl!(
                    "account-form-discovering",
                    address = self.email.trim().to_owned()
                ))
                .style(theme::muted)
                .at_start(),
            );
        } else {
            part = part.push(dir::row(vec![focus::button(
                button(text(fl!("account-form-discover"))).style(theme::secondary_button),
                Message::Discover,
            )]));
        }
        match &self.discovered {
            Some(Ok(found)) => {
                part = part.push(
                    dir::paragraph(fl!(
                        "account-form-discovered",
                        source = found.source.clone()
                    ))
                    .style(theme::success)
                    .at_start(),
                );
                if let Some(warning) = self.trust_warning() {
                    part = part
                        .push(dir::paragraph(warning).style(theme::danger).at_start())
                        .push(dir::row(vec![
                            checkbox(self.trust_confirmed)
                                .on_toggle(Message::TrustDiscovered)
                                .into(),
                            focus::button(
                                button(text(fl!(
                                    "account-form-confirm-discovered",
                                    host = found.host.clone()
                                )))
                                .style(theme::quiet_button)
                                .padding(0),
                                Message::TrustDiscovered(!self.trust_confirmed),
                            ),
                        ]));
                }
            }
            Some(Err(reason)) => {
                part = part
                    .push(
                        dir::paragraph(fl!("account-form-discover-failed"))
                            .style(theme::danger)
                            .at_start(),
                    )
                    .push(
                        dir::paragraph(reason.clone())
                            .size(theme::size::CAPTION)
                            .style(theme::muted)
                            .at_start(),
                    );
            }
            None => {}
        }
        part.into()
    }
}

/// The account form's label column: as wide as its longest label ("(SMTP)
/// outgoing server" is wider in Arabic than the 150 px English needs).
fn label_width() -> f32 {
    let labels = [
        fl!("ui-imap-host"),
        fl!("ui-security"),
        fl!("ui-display-name"),
        fl!("ui-email-address"),
        fl!("ui-signin-client-id"),
        fl!("ui-password"),
        fl!("ui-smtp-host"),
        fl!("ui-username"),
        fl!("ui-port"),
        fl!("ui-imap-port"),
    ];
    dir::label_width(&labels, 150.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::{Auth, Endpoint, Source};

    fn found(address: &str, host: &str, source: Source) -> Box<Found> {
        let smtp = Endpoint {
            host: host.to_owned(),
            port: 587,
            security: Security::Starttls,
            auths: vec![Auth::Password],
            username: Some("amal".to_owned()),
        };
        Box::new(Found {
            address: address.to_owned(),
            needs_confirmation: !host.ends_with("ex.test"),
            smtp,
            imap: None,
            source,
        })
    }

    #[test]
    fn an_unknown_domain_is_discovered_and_fills_the_form() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        assert_eq!(form.provider, None);
        assert_eq!(
            form.update(Message::Discover),
            Action::Discover {
                address: "amal@ex.test".into()
            }
        );
        assert!(form.discovering);
        let url = "https://autoconfig.ex.test/mail/config-v1.1.xml".to_owned();
        form.update(Message::Discovered(
            "amal@ex.test".into(),
            Ok(found(
                "amal@ex.test",
                "smtp.ex.test",
                Source::Autoconfig { url },
            )),
        ));
        assert!(!form.discovering);
        assert_eq!(
            (form.host.as_str(), form.port.as_str()),
            ("smtp.ex.test", "587")
        );
        assert_eq!(form.security, Some(SecurityChoice(Security::Starttls)));
        assert_eq!(form.username, "amal");
        let Some(Ok(shown)) = &form.discovered else {
            panic!("{:?}", form.discovered)
        };
        assert!(
            shown.source.contains("autoconfig.ex.test"),
            "{}",
            shown.source
        );
        form.update(Message::Password("pw".into()));
        assert!(matches!(
            form.update(Message::TestAndSave),
            Action::Test { .. }
        ));
    }

    #[test]
    fn discovery_fills_the_imap_server_and_the_form_saves_the_copy_settings() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        form.update(Message::Discover);
        let mut answer = found(
            "amal@ex.test",
            "smtp.ex.test",
            Source::Autoconfig {
                url: "https://autoconfig.ex.test/mail/config-v1.1.xml".into(),
            },
        );
        answer.imap = Some(Endpoint {
            host: "imap.ex.test".into(),
            port: 993,
            security: Security::Tls,
            auths: vec![Auth::Password],
            username: None,
        });
        form.update(Message::Discovered("amal@ex.test".into(), Ok(answer)));
        assert_eq!(form.imap_host, "imap.ex.test");
        let imap = form.account().unwrap().imap.unwrap();
        assert_eq!((imap.port(), imap.save_sent), (993, true));
        assert_eq!(imap.sent_folder, None);
        form.update(Message::ImapSecurity(ImapSecurityChoice(
            Security::Starttls,
        )));
        form.update(Message::SentFolder("المرسلة".into()));
        let imap = form.account().unwrap().imap.unwrap();
        assert_eq!((imap.security, imap.port()), (Security::Starttls, 143));
        assert_eq!(imap.sent_folder.as_deref(), Some("المرسلة"));
        form.update(Message::SaveSent(false));
        assert!(!form.account().unwrap().imap.unwrap().save_sent);
        // Edited later: the form shows what was saved and keeps the rest.
        let mut saved = form.account().unwrap();
        if let Some(imap) = saved.imap.as_mut() {
            imap.username = Some("other".into());
            imap.own_password = true;
        }
        let again = AccountForm::edit(&saved).account().unwrap();
        assert_eq!(again.imap, saved.imap);
        // No IMAP host: no copy.
        let mut none = AccountForm::edit(&saved);
        none.update(Message::ImapHost(String::new()));
        assert_eq!(none.account().unwrap().imap, None);
    }

    #[test]
    fn for_gmail_the_copy_is_off_by_default_with_the_reason() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@gmail.com".into()));
        form.update(Message::Manual(true));
        form.update(Message::ImapHost("imap.gmail.com".into()));
        assert!(!form.account().unwrap().imap.unwrap().save_sent);
        assert_eq!(form.copying_provider(), Some("Gmail"));
        form.update(Message::SaveSent(true));
        assert!(form.account().unwrap().imap.unwrap().save_sent);
    }

    #[test]
    fn an_answer_for_an_address_since_changed_is_dropped() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        form.update(Message::Discover);
        form.update(Message::Email("amal@other.test".into()));
        let record = "_submissions._tcp.ex.test".to_owned();
        form.update(Message::Discovered(
            "amal@ex.test".into(),
            Ok(found(
                "amal@ex.test",
                "smtp.ex.test",
                Source::Srv { record },
            )),
        ));
        assert_eq!(form.host, "");
        assert_eq!(form.discovered, None);
    }

    #[test]
    fn untrusted_settings_get_no_password_until_confirmed() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        form.update(Message::Discover);
        let url = "http://autoconfig.ex.test/mail/config-v1.1.xml".to_owned();
        form.update(Message::Discovered(
            "amal@ex.test".into(),
            Ok(found(
                "amal@ex.test",
                "smtp.evil.test",
                Source::PlainHttp { url },
            )),
        ));
        form.update(Message::Password("pw".into()));
        assert_eq!(form.update(Message::TestAndSave), Action::None);
        assert!(matches!(&form.result, Some(Err(w)) if w.contains("smtp.evil.test")));
        form.update(Message::TrustDiscovered(true));
        assert!(matches!(
            form.update(Message::TestAndSave),
            Action::Test { .. }
        ));
    }

    #[test]
    fn typing_the_password_starts_discovery_once() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        assert_eq!(
            form.update(Message::Password("p".into())),
            Action::Discover {
                address: "amal@ex.test".into()
            }
        );
        assert_eq!(form.update(Message::Password("pw".into())), Action::None);
        // A known provider needs no lookup.
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@gmail.com".into()));
        assert_eq!(form.update(Message::Password("p".into())), Action::None);
    }

    #[test]
    fn a_failed_discovery_says_so_and_leaves_the_fields_to_the_user() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        form.update(Message::Discover);
        form.update(Message::Discovered(
            "amal@ex.test".into(),
            Err("nothing".into()),
        ));
        assert_eq!(form.discovered, Some(Err("nothing".into())));
        assert!(!form.discovering);
        assert_eq!(form.host, "");
    }

    #[test]
    fn editing_an_oauth_account_in_the_form_keeps_its_sign_in() {
        let account = Account {
            name: "work".into(),
            display_name: None,
            email: "layla@example.com".into(),
            host: "smtp.example.com".into(),
            port: Some(587),
            security: Security::Starttls,
            auth: AuthMethod::OAuth2,
            username: None,
            ca_file: None,
            signature: None,
            signature_placement: Default::default(),
            identities: Vec::new(),
            allow_insecure: false,
            plain_text: false,
            token_command: Some("pizauth show work".into()),
            oauth: None,
            imap: None,
        };
        let mut form = AccountForm::edit(&account);
        form.display_name = "Layla".into();
        let saved = form.account().unwrap();
        assert_eq!(saved.auth, AuthMethod::OAuth2);
        assert_eq!(saved.token_command.as_deref(), Some("pizauth show work"));
        form.password = "typed".into();
        let switched = form.account().unwrap();
        assert_eq!(switched.auth, AuthMethod::Password);
        assert_eq!(switched.token_command, None);
    }

    #[test]
    fn editing_an_account_keeps_its_ca_file() {
        let account = AccountForm {
            email: "layla@example.com".into(),
            host: "smtp.example.com".into(),
            ..AccountForm::default()
        }
        .account()
        .unwrap();
        assert_eq!(account.ca_file, None, "a new account has none");
        let ca = std::path::PathBuf::from("/etc/hudhud/private-ca.pem");
        let mut form = AccountForm::edit(&Account {
            ca_file: Some(ca.clone()),
            ..account
        });
        form.display_name = "Layla".into();
        assert_eq!(form.account().unwrap().ca_file, Some(ca));
    }

    #[test]
    fn plain_text_only_is_kept_and_changed_by_the_form() {
        let account = AccountForm {
            email: "layla@example.com".into(),
            host: "smtp.example.com".into(),
            ..AccountForm::default()
        }
        .account()
        .unwrap();
        assert!(!account.plain_text);
        let mut form = AccountForm::edit(&Account {
            plain_text: true,
            ..account
        });
        assert!(form.account().unwrap().plain_text, "kept when editing");
        form.update(Message::PlainText(false));
        assert!(!form.account().unwrap().plain_text);
    }

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
    fn a_preset_follows_the_address_until_the_server_is_typed() {
        let mut form = AccountForm::default();
        form.update(Message::Email("someone@gmail.com".into()));
        assert_eq!(form.host, "smtp.gmail.com");
        // Not Gmail after all: Gmail's server must not stay (nor get the
        // password).
        form.update(Message::Email("someone@example.org".into()));
        assert_eq!(form.host, "");
        assert_eq!(form.port, "");
        assert_eq!(form.provider, None);
        form.update(Message::Email("someone@outlook.com".into()));
        assert_ne!(form.host, "smtp.gmail.com");
        assert!(!form.host.is_empty());
        // A server typed by hand stays whatever the address.
        form.update(Message::Host("mail.example.org".into()));
        form.update(Message::Email("someone@gmail.com".into()));
        assert_eq!(form.host, "mail.example.org");
        assert_eq!(form.provider, None);
    }

    #[test]
    fn choosing_starttls_leaves_the_port_to_type_not_a_real_587() {
        let mut form = AccountForm {
            email: "me@example.org".into(),
            host: "mail.example.org".into(),
            ..AccountForm::default()
        };
        form.update(Message::Security(SecurityChoice(Security::Starttls)));
        assert_eq!(
            form.port, "",
            "587 is the placeholder, not text to type after"
        );
        form.update(Message::Port("3587".into()));
        assert_eq!(form.account().unwrap().port(), 3587);
        form.update(Message::Port(String::new()));
        assert_eq!(form.account().unwrap().port(), 587);
        // A port the user chose survives a change of security.
        form.update(Message::Port("2525".into()));
        form.update(Message::Security(SecurityChoice(Security::Tls)));
        assert_eq!(form.port, "2525");
        // A preset's default port goes with the old security's default.
        let mut gmail = AccountForm::default();
        gmail.update(Message::Email("someone@gmail.com".into()));
        gmail.update(Message::Security(SecurityChoice(Security::Starttls)));
        assert_eq!(gmail.port, "");
        assert_eq!(gmail.account().unwrap().port(), 587);
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
    fn a_custom_domain_whose_server_is_google_and_takes_oauth2_offers_google_sign_in() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        assert_eq!(form.update(Message::SignIn), Action::None);
        form.update(Message::Discover);
        let mut google = found(
            "amal@ex.test",
            "smtp.gmail.com",
            Source::Guess {
                host: "smtp.gmail.com".into(),
            },
        );
        google.smtp.auths = vec![Auth::OAuth2, Auth::Password];
        form.update(Message::Discovered("amal@ex.test".into(), Ok(google)));
        let Action::SignIn { account } = form.update(Message::SignIn) else {
            panic!("no sign-in offered");
        };
        assert_eq!(account.auth, AuthMethod::OAuth2);
        // The address does not name the provider: the account does.
        assert_eq!(account.oauth.as_ref().unwrap().provider, "google");
        // The same server offering passwords only: no sign-in.
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@ex.test".into()));
        form.update(Message::Discover);
        let password_only = found(
            "amal@ex.test",
            "smtp.gmail.com",
            Source::Guess {
                host: "smtp.gmail.com".into(),
            },
        );
        form.update(Message::Discovered(
            "amal@ex.test".into(),
            Ok(password_only),
        ));
        assert_eq!(form.update(Message::SignIn), Action::None);
    }

    #[test]
    fn the_account_saved_after_sign_in_is_the_one_signed_in_with_its_client_id() {
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@gmail.com".into()));
        form.update(Message::ClientId(" own-id ".into()));
        assert!(matches!(
            form.update(Message::SignIn),
            Action::SignIn { .. }
        ));
        let Action::Save {
            account, password, ..
        } = form.update(Message::SignedIn(Ok(())))
        else {
            panic!("not saved");
        };
        assert!(password.is_empty());
        let oauth = account.oauth.unwrap();
        assert_eq!(oauth.client_id.as_deref(), Some("own-id"));
        // A late answer once the address changed saves nothing.
        let mut form = AccountForm::default();
        form.update(Message::Email("amal@gmail.com".into()));
        form.update(Message::SignIn);
        form.update(Message::Email("amal@outlook.com".into()));
        assert_eq!(form.update(Message::SignedIn(Ok(()))), Action::None);
    }

    #[test]
    fn missing_host_is_explained() {
        let mut form = AccountForm::default();
        form.update(Message::Email("me@example.org".into()));
        assert_eq!(form.update(Message::TestAndSave), Action::None);
        assert!(matches!(form.result, Some(Err(_))));
    }
}
