//! `hudhud account ...`: add, list, test, remove, set the default.

use std::io::{IsTerminal, Read};
use std::time::Duration;

use super::{AddArgs, AuthArg, DiscoverArgs, EditArgs, Failure, Outcome, exit, runtime};
use crate::compose;
use crate::config::{Account, AuthMethod, Config, ConfigError, Security};
use crate::discover::{self, Auth, DiscoverError, Found, Step};
use crate::fl;
use crate::oauth::{self, Client, DevicePrompt, Grant, OAuthError, OAuthSettings, Secret};
use crate::outbox::{self, Folder, Spool};
use crate::paths::{Paths, is_loopback_host};
use crate::secrets::{self, SecretError};
use crate::smtp::{Credentials, ErrorKind, Problem, Server, SmtpError, Transcript};

pub fn add(paths: &Paths, args: AddArgs) -> Outcome {
    let config = Config::load(paths)?;
    if config.account(&args.name).is_ok() {
        return Err(ConfigError::DuplicateAccount(args.name).into());
    }
    compose::parse_mailbox(&args.email).map_err(|problem| {
        Failure::new(
            exit::USAGE,
            fl!(
                "error-invalid-email",
                address = args.email.clone(),
                reason = problem.describe()
            ),
        )
    })?;
    let email = args.email.trim().to_owned();
    if args.oauth.auth != AuthArg::Password {
        return add_oauth(paths, config, args, email);
    }
    let mut discovered_imap = None;
    let (host, port, security, auth, username) = match &args.host {
        Some(host) => (
            host.trim().to_owned(),
            args.port,
            Security::from(args.security),
            if args.no_auth {
                AuthMethod::None
            } else {
                AuthMethod::Password
            },
            args.username.clone(),
        ),
        None => {
            let found = run_discovery(&email, &[], None)?;
            print_found(&found, true);
            confirm_discovered(&found, args.trust_discovered)?;
            let auth = if args.no_auth {
                AuthMethod::None
            } else {
                auth_for(&found)?
            };
            let username = args.username.clone().or_else(|| {
                found
                    .smtp
                    .username
                    .clone()
                    .filter(|u| !u.eq_ignore_ascii_case(&email))
            });
            let port = args.port.or(Some(found.smtp.port));
            discovered_imap = found.imap.clone();
            (found.smtp.host, port, found.smtp.security, auth, username)
        }
    };
    let mut account = Account {
        name: args.name.clone(),
        display_name: args.display_name,
        email,
        host,
        port,
        security,
        auth,
        username,
        ca_file: args.ca_file.map(|p| std::path::absolute(&p).unwrap_or(p)),
        signature: args.signature,
        signature_placement: Default::default(),
        identities: Vec::new(),
        allow_insecure: args.allow_insecure,
        plain_text: false,
        token_command: None,
        oauth: None,
        imap: None,
    };
    account.imap =
        discovered_imap.and_then(|found| crate::imap::settings_from_discovery(&found, &account));
    if let Some(imap) = &account.imap
        && !imap.save_sent
        && let Some(provider) = crate::imap::copies_by_itself(&account)
    {
        eprintln!("{}", fl!("provider-copies-sent", provider = provider));
    }
    check(&account)?;
    if account.needs_password() {
        let password = read_password(args.password_stdin)?;
        store_password(&account.name, &password)?;
    }
    save_new(paths, config, account, args.make_default)
}

/// `hudhud account discover ADDRESS`: the settings and where they came from.
pub fn discover(args: DiscoverArgs) -> Outcome {
    let found = run_discovery(&args.address, &args.only, args.timeout)?;
    if args.json {
        println!("{}", found.to_json());
    } else {
        print_found(&found, false);
    }
    Ok(())
}

fn run_discovery(address: &str, only: &[String], timeout: Option<u64>) -> Result<Found, Failure> {
    let mut options = discover::Options::default();
    if !only.is_empty() {
        options.steps = only
            .iter()
            .map(|id| {
                Step::from_id(id.trim()).ok_or_else(|| {
                    let known: Vec<_> = Step::ALL.iter().map(|s| s.id()).collect();
                    Failure::new(
                        exit::USAGE,
                        fl!(
                            "discover-unknown-step",
                            step = id.clone(),
                            known = known.join(", ")
                        ),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(seconds) = timeout {
        options.timeout = Duration::from_secs(seconds.max(1));
    }
    runtime()?
        .block_on(discover::discover(address, &options))
        .map_err(|e| {
            let code = match e {
                DiscoverError::BadAddress(_) => exit::USAGE,
                DiscoverError::Resolver(_) | DiscoverError::NothingFound { .. } => exit::CONFIG,
            };
            Failure::new(code, e.describe())
        })
}

/// The settings, their source, and the trust warning; on stderr while
/// adding (stdout stays for programs), on stdout for `discover`.
fn print_found(found: &Found, to_stderr: bool) {
    let mut lines = vec![
        fl!(
            "discover-found",
            address = found.address.clone(),
            host = found.smtp.host.clone(),
            port = found.smtp.port.to_string(),
            security = found.smtp.security.to_string(),
            auth = found.auth().id(),
            username = found.username().to_owned()
        ),
        fl!("discover-found-source", source = found.source.describe()),
    ];
    if found.needs_confirmation {
        lines.push(fl!(
            "discover-needs-confirmation",
            host = found.smtp.host.clone(),
            domain = discover::domain_of(&found.address).unwrap_or_default()
        ));
    }
    for line in lines {
        if to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
}

/// Settings that need confirmation are used only when the user says so,
/// before any password is asked for or sent.
fn confirm_discovered(found: &Found, trusted: bool) -> Outcome {
    if !found.needs_confirmation || trusted {
        return Ok(());
    }
    if std::io::stdin().is_terminal() {
        eprint!("{} ", fl!("discover-confirm-prompt"));
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_ok()
            && matches!(
                answer.trim().to_lowercase().as_str(),
                "y" | "yes" | "ن" | "نعم"
            )
        {
            return Ok(());
        }
    }
    Err(Failure::new(exit::USAGE, fl!("discover-not-confirmed")))
}

/// A password when the provider takes one; OAuth2 alone cannot be set up
/// here yet.
fn auth_for(found: &Found) -> Result<AuthMethod, Failure> {
    let auths = &found.smtp.auths;
    if auths.contains(&Auth::Password) {
        if auths.contains(&Auth::OAuth2) {
            eprintln!(
                "{}",
                fl!("discover-oauth-available", host = found.smtp.host.clone())
            );
        }
        Ok(AuthMethod::Password)
    } else if auths.contains(&Auth::None) {
        Ok(AuthMethod::None)
    } else {
        Err(Failure::new(
            exit::CONFIG,
            fl!("discover-oauth-only", host = found.smtp.host.clone()),
        ))
    }
}

/// What `add` and `edit` refuse, on the account as it would be saved.
fn check(account: &Account) -> Outcome {
    if let Some(name) = &account.display_name {
        compose::check_header_text("--display-name", name)?;
    }
    if account.security == Security::None && !is_loopback_host(&account.host) {
        if !account.allow_insecure {
            return Err(Failure::new(
                exit::CONFIG,
                fl!("error-insecure-needs-opt-in", host = account.host.clone()),
            ));
        }
        eprintln!("{}", fl!("warning-insecure", host = account.host.clone()));
    }
    if let Some(ca) = &account.ca_file
        && let Err(e) = std::fs::read(ca)
    {
        return Err(Failure::new(
            exit::CONFIG,
            fl!(
                "error-ca-file-unreadable",
                path = ca.display().to_string(),
                reason = e.to_string()
            ),
        ));
    }
    Ok(())
}

/// Stores a password; says plainly that nothing was kept when no keychain
/// can be reached.
fn store_password(account: &str, password: &str) -> Outcome {
    secrets::set_password(account, password).map_err(keychain_failure)
}

fn keychain_failure(e: SecretError) -> Failure {
    let nothing_saved = matches!(e, SecretError::Unavailable(_));
    let mut failure = Failure::from(e);
    if nothing_saved {
        failure.message = format!("{}\n{}", failure.message, fl!("keychain-nothing-saved"));
    }
    failure
}

/// Changes an account in place. Held messages go again after a change to
/// how Hudhud connects or signs in, which may be what held them.
pub fn edit(paths: &Paths, args: EditArgs) -> Outcome {
    let mut config = Config::load(paths)?;
    let before = config.account(&args.name)?.clone();
    let mut account = before.clone();
    let imap_changed = edit_imap(&mut account, &args)?;
    let text = |value: String| {
        let value = value.trim().to_owned();
        (!value.is_empty()).then_some(value)
    };
    if let Some(host) = args.host {
        account.host = host.trim().to_owned();
    }
    if let Some(security) = args.security {
        account.security = Security::from(security);
    }
    if args.port.is_some() {
        account.port = args.port;
    }
    if let Some(username) = args.username {
        account.username = text(username);
    }
    if let Some(name) = args.display_name {
        // Before trimming, which would hide a trailing line break.
        compose::check_header_text("--display-name", &name)?;
        account.display_name = text(name);
    }
    if let Some(ca) = args.ca_file {
        account.ca_file = Some(std::path::absolute(&ca).unwrap_or(ca));
    }
    if args.no_ca_file {
        account.ca_file = None;
    }
    if let Some(signature) = args.signature {
        account.signature = (!signature.trim().is_empty()).then_some(signature);
    }
    if args.plain_text || args.no_plain_text {
        account.plain_text = args.plain_text;
    }
    if let Some(placement) = args.signature_placement {
        account.signature_placement = super::identity::placement(placement);
    }
    if args.allow_insecure {
        account.allow_insecure = true;
    }
    if args.no_allow_insecure {
        account.allow_insecure = false;
    }
    if account == before && !imap_changed {
        eprintln!("{}", fl!("account-unchanged", name = args.name));
        return Ok(());
    }
    check(&account)?;
    let reconnects = account.host != before.host
        || account.port() != before.port()
        || account.security != before.security
        || account.username() != before.username()
        || account.ca_file != before.ca_file
        || account.allow_insecure != before.allow_insecure;
    if let Some(slot) = config.accounts.iter_mut().find(|a| a.name == args.name) {
        *slot = account;
    }
    config.save(paths)?;
    eprintln!("{}", fl!("account-edited", name = args.name.clone()));
    if reconnects {
        release_held(paths, &args.name)?;
    }
    Ok(())
}

/// The IMAP flags of `account edit`; true when a password of its own was
/// stored (the account itself may look unchanged then).
fn edit_imap(account: &mut crate::config::Account, args: &EditArgs) -> Result<bool, Failure> {
    if args.no_imap {
        account.imap = None;
        return Ok(false);
    }
    let mut new_imap = false;
    if let Some(host) = &args.imap_host {
        let host = host.trim();
        match account.imap.as_mut() {
            Some(imap) => imap.host = host.to_owned(),
            None => {
                account.imap = Some(crate::config::ImapSettings::new(host));
                new_imap = true;
            }
        }
    }
    let touches = args.imap_port.is_some()
        || args.imap_security.is_some()
        || args.imap_username.is_some()
        || args.imap_password_stdin
        || args.sent_folder.is_some()
        || args.save_sent
        || args.no_save_sent;
    let provider = crate::imap::copies_by_itself(account);
    let Some(imap) = account.imap.as_mut() else {
        if touches {
            return Err(Failure::new(exit::USAGE, fl!("copy-error-no-imap-host")));
        }
        return Ok(false);
    };
    if let Some(port) = args.imap_port {
        imap.port = Some(port);
    }
    if let Some(security) = args.imap_security {
        imap.security = Security::from(security);
    }
    if let Some(user) = &args.imap_username {
        let user = user.trim();
        imap.username = (!user.is_empty()).then(|| user.to_owned());
    }
    if let Some(folder) = &args.sent_folder {
        let folder = folder.trim();
        imap.sent_folder = (!folder.is_empty()).then(|| folder.to_owned());
    }
    if args.save_sent {
        imap.save_sent = true;
    } else if args.no_save_sent {
        imap.save_sent = false;
    } else if new_imap && let Some(provider) = provider {
        // Their SMTP servers file what they send already.
        imap.save_sent = false;
        eprintln!("{}", fl!("provider-copies-sent", provider = provider));
    }
    if args.imap_password_stdin {
        let password = read_password(true)?;
        secrets::set_password(&outbox::imap_secret_entry(&account.name), &password)
            .map_err(keychain_failure)?;
        imap.own_password = true;
        return Ok(true);
    }
    Ok(false)
}

/// Lets an account's held messages go again, after a change that may fix them.
fn release_held(paths: &Paths, name: &str) -> Outcome {
    let spool = Spool::open(&paths.data_dir)?;
    match crate::services::outbox::release_held(&spool, name) {
        Ok(0) => {}
        Ok(released) => eprintln!("{}", fl!("outbox-released", count = (released as u64))),
        // Another process holds the account: the edit stands, and its held
        // messages wait for `outbox retry` as they would have.
        Err(crate::services::ServiceError::AccountBusy(_)) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

pub(super) fn read_password(from_stdin: bool) -> Result<String, Failure> {
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::new(exit::USAGE, e.to_string()))?;
        text.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        rpassword::prompt_password(format!("{} ", fl!("prompt-password")))
            .map_err(|e| Failure::new(exit::USAGE, e.to_string()))?
    };
    if password.is_empty() {
        return Err(Failure::new(exit::USAGE, fl!("error-empty-password")));
    }
    Ok(password)
}

pub fn list(paths: &Paths) -> Outcome {
    let config = Config::load(paths)?;
    if config.accounts.is_empty() {
        eprintln!("{}", fl!("account-list-empty"));
        return Ok(());
    }
    let default = config.default_account().ok().map(|a| a.name.clone());
    for a in &config.accounts {
        let marker = if Some(&a.name) == default.as_ref() {
            "*"
        } else {
            " "
        };
        println!(
            "{marker} {}\t{}\t{}:{} ({})",
            a.name,
            a.email,
            a.host,
            a.port(),
            a.security
        );
    }
    Ok(())
}

/// Removes an account. Its messages still in the outbox would be left
/// without an account to send them: refused, unless `force` moves them to
/// the failed list with the reason.
pub fn remove(paths: &Paths, name: &str, force: bool) -> Outcome {
    let mut config = Config::load(paths)?;
    config.account(name)?;
    let spool = Spool::open(&paths.data_dir)?;
    // Held until the account is gone, so no worker starts one of them.
    let mut lock = crate::services::outbox::lock(&spool, name)?;
    let waiting: Vec<_> = spool
        .list(Folder::Outbox)
        .into_iter()
        .filter(|e| e.account == name)
        .collect();
    if !waiting.is_empty() {
        let count = waiting.len() as u64;
        if !force {
            return Err(Failure::new(
                exit::USAGE,
                format!(
                    "{}\n{}",
                    fl!(
                        "error-account-has-messages",
                        name = name.to_owned(),
                        count = count
                    ),
                    fl!("error-account-has-messages-hint", name = name.to_owned())
                ),
            ));
        }
        let reason = SmtpError::new(ErrorKind::Config, Problem::AccountRemoved(name.to_owned()));
        for entry in waiting {
            lock.give_up(entry, reason.clone())?;
        }
        eprintln!(
            "{}",
            fl!(
                "account-messages-failed",
                name = name.to_owned(),
                count = count
            )
        );
    }
    let account = config.remove_account(name)?;
    // The keychain entry goes first: a config without the account but a
    // password left behind would be a secret nobody can see any more. An
    // account that never signed in has none, and needs no keychain.
    let uses_keychain = account.needs_password() || account.auth == AuthMethod::OAuth2;
    let deleted = if account.auth == AuthMethod::OAuth2 {
        oauth::delete_refresh_token(name).and_then(|()| outbox::delete_client_secret(name))
    } else {
        secrets::delete_password(name)
    };
    match deleted {
        Err(SecretError::Unavailable(_)) if !uses_keychain => {}
        result => result?,
    }
    if account.imap.as_ref().is_some_and(|i| i.own_password) {
        secrets::delete_password(&outbox::imap_secret_entry(name))?;
    }
    config.save(paths)?;
    eprintln!("{}", fl!("account-removed", name = name.to_owned()));
    Ok(())
}

pub fn set_default(paths: &Paths, name: &str) -> Outcome {
    let mut config = Config::load(paths)?;
    config.account(name)?;
    config.settings.default_account = Some(name.to_owned());
    config.save(paths)?;
    eprintln!("{}", fl!("account-now-default", name = name.to_owned()));
    Ok(())
}

/// The password for an account that signs in, from the keychain (the
/// core's one source).
pub fn credentials_for(account: &Account) -> Result<Option<Credentials>, Failure> {
    Ok(crate::services::accounts::credentials(account)?)
}

pub fn test(paths: &Paths, name: &str) -> Outcome {
    let config = Config::load(paths)?;
    let account = config.account(name)?.clone();
    let credentials = credentials_for(&account)?;
    let server = Server::for_account(&account, Duration::from_secs(config.settings.timeout_secs));
    let mut transcript = Transcript::default();
    let result = runtime()?.block_on(outbox::test_account(
        &server,
        &account,
        credentials.as_ref(),
        &mut transcript,
    ));
    print!("{transcript}");
    result?;
    eprintln!("{}", fl!("account-test-ok", name = name.to_owned()));
    Ok(())
}

/// Replaces the stored password, then lets the account's held messages go.
pub fn set_password(paths: &Paths, name: &str, from_stdin: bool) -> Outcome {
    let config = Config::load(paths)?;
    let account = config.account(name)?;
    let password = read_password(from_stdin)?;
    store_password(&account.name, &password)?;
    release_held(paths, name)?;
    eprintln!("{}", fl!("account-password-saved", name = name.to_owned()));
    Ok(())
}

// --- OAuth2 sign-in (issue 11) ---------------------------------------------------

/// Adds the account to the config (as the default when asked) and saves it.
fn save_new(paths: &Paths, mut config: Config, account: Account, make_default: bool) -> Outcome {
    let name = account.name.clone();
    config.add_account(account)?;
    if make_default {
        config.settings.default_account = Some(name.clone());
    }
    config.save(paths)?;
    eprintln!("{}", fl!("account-added", name = name));
    Ok(())
}

/// `account add --auth oauth2 | oauth2-command`, after `add` checked the
/// name and the address. Without `--host` the provider's server is used.
/// The account is saved only after the sign-in worked, so a failed one
/// leaves nothing half made.
fn add_oauth(paths: &Paths, config: Config, args: AddArgs, email: String) -> Outcome {
    let host = args.host.clone();
    let o = &args.oauth;
    let provider_id = match (&o.oauth_provider, &o.oauth_issuer) {
        (Some(id), _) => Some(id.trim().to_ascii_lowercase()),
        (None, Some(_)) => Some("oidc".to_owned()),
        (None, None) => oauth::provider_for_email(&email).map(|p| p.id.clone()),
    };
    let provider = match &provider_id {
        Some(id) => Some(oauth::provider(id).ok_or_else(|| {
            Failure::new(
                exit::USAGE,
                OAuthError::UnknownProvider(id.clone()).to_string(),
            )
        })?),
        None => None,
    };
    let command = o
        .token_command
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let auth = match o.auth {
        AuthArg::Oauth2Command => {
            let Some(command) = command else {
                return Err(Failure::new(
                    exit::USAGE,
                    fl!("error-token-command-missing"),
                ));
            };
            // Refused now rather than at the first send.
            oauth::split_command(command).map_err(|e| Failure::new(exit::USAGE, e.to_string()))?;
            AuthMethod::OAuth2Command
        }
        _ => AuthMethod::OAuth2,
    };
    if auth == AuthMethod::OAuth2 && provider.is_none() {
        return Err(Failure::new(
            exit::USAGE,
            fl!("error-oauth-provider-missing", email = email.clone()),
        ));
    }
    if auth == AuthMethod::OAuth2
        && provider.is_some_and(|p| p.discovery)
        && o.oauth_issuer.is_none()
    {
        return Err(Failure::new(exit::USAGE, fl!("error-oauth-issuer-missing")));
    }
    let host = host.map(|h| h.trim().to_owned()).filter(|h| !h.is_empty());
    let (host, port, security) = match (host, provider) {
        (Some(host), _) => (host, args.port, Security::from(args.security)),
        (None, Some(p)) if p.smtp_host.is_some() => (
            p.smtp_host.clone().unwrap_or_default(),
            args.port.or(p.smtp_port),
            p.smtp_security.unwrap_or(Security::from(args.security)),
        ),
        (None, _) => return Err(Failure::new(exit::USAGE, fl!("error-oauth-host-missing"))),
    };
    let account = Account {
        name: args.name.clone(),
        display_name: args.display_name,
        email,
        host,
        port,
        security,
        auth,
        username: args.username,
        ca_file: args.ca_file.map(|p| std::path::absolute(&p).unwrap_or(p)),
        signature: args.signature,
        signature_placement: Default::default(),
        identities: Vec::new(),
        allow_insecure: args.allow_insecure,
        plain_text: false,
        token_command: command.map(str::to_owned),
        oauth: provider.map(|p| OAuthSettings {
            provider: p.id.clone(),
            issuer: o.oauth_issuer.as_deref().map(|i| i.trim().to_owned()),
            client_id: o
                .oauth_client_id
                .as_deref()
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned),
            scopes: None,
        }),
        imap: None,
    };
    check(&account)?;
    if account.auth == AuthMethod::OAuth2 {
        let secret = o
            .oauth_client_secret
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(Secret::new);
        // The secret given here, not the keychain's: nothing is stored
        // before the sign-in worked.
        let settings = account.oauth.clone().unwrap_or_default();
        let client = Client::resolve(&settings, secret.clone()).map_err(sign_in_failure)?;
        let grant = sign_in(&account, &client, o.device)?;
        if let Some(secret) = &secret {
            outbox::store_client_secret(&account.name, secret).map_err(keychain_failure)?;
        }
        save_grant(&account.name, &grant)?;
    }
    save_new(paths, config, account, args.make_default)
}

/// `account login NAME [--device]`: a new sign-in, then the account's held
/// messages go again.
pub fn login(paths: &Paths, name: &str, device: bool) -> Outcome {
    let config = Config::load(paths)?;
    let account = config.account(name)?.clone();
    if account.auth != AuthMethod::OAuth2 {
        return Err(Failure::new(
            exit::USAGE,
            fl!("error-login-not-oauth", name = name.to_owned()),
        ));
    }
    let client = resolve(&account)?;
    let grant = sign_in(&account, &client, device)?;
    save_grant(name, &grant)?;
    // A worker of this process would otherwise keep the refused token.
    outbox::forget_token_source(name);
    eprintln!("{}", fl!("account-signed-in", name = name.to_owned()));
    release_held(paths, name)
}

/// An OAuth2 failure for the command line: exit 77 when only a new sign-in
/// helps, 75 when the provider could not be reached, else 78.
fn sign_in_failure(error: OAuthError) -> Failure {
    Failure::from(SmtpError::from(error))
}

fn resolve(account: &Account) -> Result<Client, Failure> {
    outbox::resolve_client(account).map_err(|error| match error {
        OAuthError::Keychain(secret) => Failure::from(secret),
        other => sign_in_failure(other),
    })
}

/// Signs in in the browser (its address is shown too, for when none
/// opens) or with a code entered on another device.
fn sign_in(account: &Account, client: &Client, device: bool) -> Result<Grant, Failure> {
    let result = if device {
        client.sign_in_device(
            &|prompt: &DevicePrompt| {
                eprintln!(
                    "{}",
                    fl!(
                        "oauth-device-prompt",
                        url = prompt.verification_uri.clone(),
                        code = prompt.user_code.clone()
                    )
                );
            },
            None,
        )
    } else {
        client.sign_in_browser(
            Some(&account.email),
            &|url| {
                eprintln!("{}", fl!("oauth-browser-prompt", url = url.to_owned()));
                // The address is on screen: a browser that does not open is
                // not the end of the sign-in.
                if let Err(error) = oauth::open_browser(url) {
                    eprintln!("{error}");
                }
                Ok(())
            },
            oauth::BROWSER_TIMEOUT,
        )
    };
    result.map_err(sign_in_failure)
}

fn save_grant(name: &str, grant: &Grant) -> Outcome {
    let Some(refresh) = &grant.refresh_token else {
        return Err(sign_in_failure(OAuthError::NoRefreshToken));
    };
    oauth::store_refresh_token(name, refresh).map_err(keychain_failure)
}
