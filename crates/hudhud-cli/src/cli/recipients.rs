//! `hudhud recipients check` and the warnings `hudhud send` prints before
//! queueing.

use super::{Failure, Outcome, exit, runtime};
use crate::fl;
use crate::paths::Paths;
use crate::recipients::{Check, Checker};

/// A checker with the user's past recipient domains.
fn checker(paths: &Paths) -> Checker {
    Checker::for_data_dir(&paths.data_dir)
}

fn run_checks(paths: &Paths, addresses: &[String]) -> Result<Vec<Check>, Failure> {
    let checker = checker(paths);
    Ok(runtime()?.block_on(checker.check_all(addresses)))
}

pub fn check(paths: &Paths, addresses: &[String], json: bool) -> Outcome {
    let checks = run_checks(paths, addresses)?;
    if json {
        let list: Vec<_> = checks.iter().map(Check::to_json).collect();
        println!("{}", serde_json::Value::Array(list));
        return Ok(());
    }
    for check in &checks {
        if check.domain.is_none() {
            println!(
                "{}",
                fl!("discover-bad-address", address = check.address.clone())
            );
            continue;
        }
        match check.warning() {
            Some(warning) => println!(
                "{}",
                fl!(
                    "recipient-warning",
                    address = check.address.clone(),
                    warning = warning
                )
            ),
            None => println!("{}", fl!("recipient-ok", address = check.address.clone())),
        }
    }
    Ok(())
}

/// Prints each recipient's warning to stderr; with `strict`, any warning
/// stops the send (exit 64) before anything is queued.
pub fn warn_before_sending(paths: &Paths, addresses: &[String], strict: bool) -> Outcome {
    let checks = run_checks(paths, addresses)?;
    let mut warned = false;
    for check in &checks {
        if let Some(warning) = check.warning() {
            warned = true;
            eprintln!(
                "{}",
                fl!(
                    "recipient-warning",
                    address = check.address.clone(),
                    warning = warning
                )
            );
        }
    }
    if warned && strict {
        return Err(Failure::new(exit::USAGE, fl!("recipient-warnings-refused")));
    }
    Ok(())
}
