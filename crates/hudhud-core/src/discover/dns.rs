//! One DNS resolver for autoconfiguration and recipient checks: the system's
//! configuration, or for tests only the server named by `HUDHUD_DNS_SERVER`.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::xfer::Protocol;

/// For tests: `IP:PORT` of the only DNS server to ask. Unset in normal use.
pub const DNS_SERVER_ENV: &str = "HUDHUD_DNS_SERVER";

/// The server `HUDHUD_DNS_SERVER` names, if set.
pub fn server_from_env() -> Result<Option<SocketAddr>, String> {
    match std::env::var(DNS_SERVER_ENV) {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|e| format!("{DNS_SERVER_ENV}={value}: {e}")),
        _ => Ok(None),
    }
}

/// A resolver whose every query gives up after `limit`: a slow network must
/// never hold up the user for longer than the caller allows. `server`
/// replaces the system's configuration (tests).
pub fn resolver(limit: Duration, server: Option<SocketAddr>) -> Result<TokioResolver, String> {
    let mut builder = match server {
        Some(addr) => {
            let servers = vec![
                NameServerConfig::new(addr, Protocol::Udp),
                NameServerConfig::new(addr, Protocol::Tcp),
            ];
            TokioResolver::builder_with_config(
                ResolverConfig::from_parts(None, Vec::new(), servers),
                TokioConnectionProvider::default(),
            )
        }
        None => TokioResolver::builder_tokio().map_err(|e| e.to_string())?,
    };
    let options: &mut ResolverOpts = builder.options_mut();
    options.timeout = limit;
    options.attempts = 1;
    Ok(builder.build())
}

/// The addresses of `host` (an IP literal stands for itself).
pub async fn addresses(resolver: &TokioResolver, host: &str) -> Result<Vec<IpAddr>, String> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    let found = resolver
        .lookup_ip(fqdn(host))
        .await
        .map_err(|e| describe(&e, host))?;
    let ips: Vec<IpAddr> = found.iter().collect();
    if ips.is_empty() {
        return Err(format!("{host}: no address"));
    }
    Ok(ips)
}

/// A name with its final dot, so that no search domain is appended to it.
pub fn fqdn(name: &str) -> String {
    if name.ends_with('.') {
        name.to_owned()
    } else {
        format!("{name}.")
    }
}

/// A DNS name as we show and compare it: lower case, no final dot.
pub fn plain(name: &hickory_resolver::Name) -> String {
    name.to_utf8().trim_end_matches('.').to_lowercase()
}

/// A lookup's failure in words: "no such name" rather than the library's
/// debug form of the query.
pub fn describe(error: &hickory_resolver::ResolveError, name: &str) -> String {
    if error.is_nx_domain() {
        crate::fl!("dns-no-such-name", name = name.to_owned())
    } else if error.is_no_records_found() {
        crate::fl!("dns-no-record", name = name.to_owned())
    } else {
        crate::fl!(
            "dns-failed",
            name = name.to_owned(),
            reason = error.to_string()
        )
    }
}
