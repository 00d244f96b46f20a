//! `hudhud account identity ...`: the addresses an account also sends as
//! (aliases), each with its own name and signature; and the sender that
//! `hudhud send --from` names.

use std::path::Path;

use super::{Failure, IdentityArgs, IdentityCommand, Outcome, PlacementArg, exit};
use crate::compose;
use crate::config::{Account, Config, ConfigError, Identity, SignaturePlacement};
use crate::fl;
use crate::paths::Paths;

pub fn run(paths: &Paths, command: IdentityCommand) -> Outcome {
    match command {
        IdentityCommand::Add(args) => add(paths, args),
        IdentityCommand::Edit(args) => edit(paths, args),
        IdentityCommand::Remove { account, address } => remove(paths, &account, &address),
        IdentityCommand::List { account } => list(paths, account.as_deref()),
    }
}

pub fn placement(arg: PlacementArg) -> SignaturePlacement {
    match arg {
        PlacementArg::BelowQuote => SignaturePlacement::BelowQuote,
        PlacementArg::AboveQuote => SignaturePlacement::AboveQuote,
    }
}

/// The account and identity `--from` names: an account's name, or an
/// address one of them sends as (its own or an alias). The identity is
/// None for the account's own address.
pub fn sender(config: &Config, from: Option<&str>) -> Result<(Account, Option<String>), Failure> {
    let Some(given) = from.map(str::trim) else {
        return Ok((config.default_account()?.clone(), None));
    };
    if let Ok(account) = config.account(given) {
        return Ok((account.clone(), None));
    }
    match config.account_for_address(given) {
        Some(account) => {
            let alias =
                (!account.email.trim().eq_ignore_ascii_case(given)).then(|| given.to_owned());
            Ok((account.clone(), alias))
        }
        None => Err(Failure::new(
            exit::USAGE,
            fl!("error-from-unknown", from = given.to_owned()),
        )),
    }
}

/// The address as it will be saved, or why it cannot be.
fn checked_address(address: &str) -> Result<String, Failure> {
    let address = address.trim();
    match compose::parse_mailbox(address) {
        Ok(_) if !address.contains('<') => Ok(address.to_owned()),
        Ok(_) => Err(Failure::new(
            exit::USAGE,
            fl!(
                "error-invalid-email",
                address = address.to_owned(),
                reason = compose::AddressProblem::InvalidInput.describe()
            ),
        )),
        Err(problem) => Err(Failure::new(
            exit::USAGE,
            fl!(
                "error-invalid-email",
                address = address.to_owned(),
                reason = problem.describe()
            ),
        )),
    }
}

/// `--signature` or `--signature-file`, as given (several lines kept); an
/// empty one is none.
fn signature(args: &IdentityArgs) -> Result<Option<Option<String>>, Failure> {
    let text = match (&args.signature, &args.signature_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => read_signature(path)?,
        (None, None) => return Ok(None),
    };
    let text = text.trim_end().to_owned();
    Ok(Some((!text.trim().is_empty()).then_some(text)))
}

fn read_signature(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure::new(
            exit::USAGE,
            fl!(
                "error-signature-file",
                path = path.display().to_string(),
                reason = e.to_string()
            ),
        )
    })
}

fn display_name(given: &str) -> Result<Option<String>, Failure> {
    // Before trimming, which would hide a trailing line break.
    compose::check_header_text("--display-name", given)?;
    let name = given.trim();
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

fn add(paths: &Paths, args: IdentityArgs) -> Outcome {
    let mut config = Config::load(paths)?;
    let address = checked_address(&args.address)?;
    let account = config.account_mut(&args.account)?;
    if account.has_identity(&address) {
        return Err(ConfigError::DuplicateIdentity {
            account: account.name.clone(),
            address,
        }
        .into());
    }
    let identity = Identity {
        email: address.clone(),
        display_name: args
            .display_name
            .as_deref()
            .map(display_name)
            .transpose()?
            .flatten(),
        signature: signature(&args)?.flatten(),
    };
    account.identities.push(identity);
    config.save(paths)?;
    eprintln!(
        "{}",
        fl!("identity-added", account = args.account, address = address)
    );
    Ok(())
}

fn edit(paths: &Paths, args: IdentityArgs) -> Outcome {
    let mut config = Config::load(paths)?;
    let account = config.account_mut(&args.account)?;
    let address = args.address.trim().to_owned();
    if account.email.trim().eq_ignore_ascii_case(&address) {
        return Err(Failure::new(
            exit::USAGE,
            fl!(
                "error-identity-own",
                account = args.account,
                address = address
            ),
        ));
    }
    let name = args.display_name.as_deref().map(display_name).transpose()?;
    let signature = signature(&args)?;
    let unknown = ConfigError::UnknownIdentity {
        account: account.name.clone(),
        address: address.clone(),
    };
    let identity = account
        .identities
        .iter_mut()
        .find(|i| i.email.eq_ignore_ascii_case(&address))
        .ok_or(unknown)?;
    if let Some(name) = name {
        identity.display_name = name;
    }
    if let Some(signature) = signature {
        identity.signature = signature;
    }
    config.save(paths)?;
    eprintln!(
        "{}",
        fl!("identity-edited", account = args.account, address = address)
    );
    Ok(())
}

fn remove(paths: &Paths, account_name: &str, address: &str) -> Outcome {
    let mut config = Config::load(paths)?;
    let account = config.account_mut(account_name)?;
    let address = address.trim();
    if account.email.trim().eq_ignore_ascii_case(address) {
        return Err(Failure::new(
            exit::USAGE,
            fl!(
                "error-identity-own",
                account = account_name.to_owned(),
                address = address.to_owned()
            ),
        ));
    }
    let before = account.identities.len();
    account
        .identities
        .retain(|i| !i.email.eq_ignore_ascii_case(address));
    if account.identities.len() == before {
        return Err(ConfigError::UnknownIdentity {
            account: account_name.to_owned(),
            address: address.to_owned(),
        }
        .into());
    }
    config.save(paths)?;
    eprintln!(
        "{}",
        fl!(
            "identity-removed",
            account = account_name.to_owned(),
            address = address.to_owned()
        )
    );
    Ok(())
}

/// One line per identity: account, address, name; then the signature's
/// lines indented, so a script can tell them apart.
fn list(paths: &Paths, only: Option<&str>) -> Outcome {
    let config = Config::load(paths)?;
    if let Some(name) = only {
        config.account(name)?;
    }
    if config.accounts.is_empty() {
        eprintln!("{}", fl!("identity-list-empty"));
        return Ok(());
    }
    for account in config
        .accounts
        .iter()
        .filter(|a| only.is_none_or(|name| a.name == name))
    {
        for (n, identity) in account.all_identities().iter().enumerate() {
            let own = if n == 0 {
                fl!("identity-own")
            } else {
                String::new()
            };
            println!(
                "{}\t{}\t{}\t{own}",
                account.name,
                identity.email,
                identity.display_name.as_deref().unwrap_or("")
            );
            for line in identity.signature.iter().flat_map(|s| s.lines()) {
                println!("\t| {line}");
            }
        }
    }
    Ok(())
}
