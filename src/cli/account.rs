//! `hudhud account ...`: add, list, test, remove, set the default.

use std::io::{IsTerminal, Read};
use std::time::Duration;

use super::{AddArgs, Failure, Outcome, exit, runtime};
use crate::compose;
use crate::config::{Account, AuthMethod, Config, ConfigError, Security};
use crate::fl;
use crate::outbox::Spool;
use crate::paths::{Paths, is_loopback_host};
use crate::secrets;
use crate::smtp::{self, Credentials, Server, Transcript};

pub fn add(paths: &Paths, args: AddArgs) -> Outcome {
    let mut config = Config::load(paths)?;
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
    let security = Security::from(args.security);
    if security == Security::None && !is_loopback_host(&args.host) {
        if !args.allow_insecure {
            return Err(Failure::new(
                exit::CONFIG,
                fl!("error-insecure-needs-opt-in", host = args.host.clone()),
            ));
        }
        eprintln!("{}", fl!("warning-insecure", host = args.host.clone()));
    }
    if let Some(ca) = &args.ca_file
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
    let account = Account {
        name: args.name.clone(),
        display_name: args.display_name,
        email: args.email.trim().to_owned(),
        host: args.host.trim().to_owned(),
        port: args.port,
        security,
        auth: if args.no_auth {
            AuthMethod::None
        } else {
            AuthMethod::Password
        },
        username: args.username,
        ca_file: args.ca_file.map(|p| std::path::absolute(&p).unwrap_or(p)),
        signature: args.signature,
        allow_insecure: args.allow_insecure,
    };
    if account.needs_password() {
        let password = read_password(args.password_stdin)?;
        secrets::set_password(&account.name, &password)?;
    }
    config.add_account(account)?;
    if args.make_default {
        config.settings.default_account = Some(args.name.clone());
    }
    config.save(paths)?;
    eprintln!("{}", fl!("account-added", name = args.name));
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

pub fn remove(paths: &Paths, name: &str) -> Outcome {
    let mut config = Config::load(paths)?;
    config.remove_account(name)?;
    // The keychain entry goes first: a config without the account but a
    // password left behind would be a secret nobody can see any more.
    secrets::delete_password(name)?;
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

/// The password for an account that signs in, from the keychain.
pub fn credentials_for(account: &Account) -> Result<Option<Credentials>, Failure> {
    if !account.needs_password() {
        return Ok(None);
    }
    let password = secrets::get_password(&account.name)?;
    Ok(Some(Credentials {
        username: account.username().to_owned(),
        password,
    }))
}

pub fn test(paths: &Paths, name: &str) -> Outcome {
    let config = Config::load(paths)?;
    let account = config.account(name)?.clone();
    let credentials = credentials_for(&account)?;
    let server = Server::for_account(&account, Duration::from_secs(config.settings.timeout_secs));
    let mut transcript = Transcript::default();
    let result = runtime()?.block_on(smtp::test_connection(
        &server,
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
    secrets::set_password(&account.name, &password)?;
    let spool = Spool::open(&paths.data_dir)?;
    if let Some(mut lock) = spool.lock(name, Duration::from_secs(30))? {
        let released = lock.release_held()?;
        if released > 0 {
            eprintln!("{}", fl!("outbox-released", count = (released as u64)));
        }
    }
    eprintln!("{}", fl!("account-password-saved", name = name.to_owned()));
    Ok(())
}
