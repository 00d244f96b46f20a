//! The guess's probe: connect, read the greeting, say EHLO, QUIT. Never
//! AUTH, so no password can reach a server the user did not choose.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::dns;
use crate::config::Security;

/// Longest reply line and reply we read from a server we do not know yet.
const MAX_LINE: u64 = 1024;
const MAX_LINES: usize = 64;

pub async fn probe(
    resolver: &TokioResolver,
    host: &str,
    port: u16,
    security: Security,
    limit: Duration,
) -> Result<(), String> {
    tokio::time::timeout(limit, probe_inner(resolver, host, port, security))
        .await
        .map_err(|_| "timeout".to_owned())?
}

async fn probe_inner(
    resolver: &TokioResolver,
    host: &str,
    port: u16,
    security: Security,
) -> Result<(), String> {
    let ips = dns::addresses(resolver, host).await?;
    let addrs: Vec<SocketAddr> = ips
        .into_iter()
        .map(|ip| SocketAddr::new(ip, port))
        .collect();
    let tcp = TcpStream::connect(&addrs[..])
        .await
        .map_err(|e| e.to_string())?;
    let local = tcp
        .local_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|_| "127.0.0.1".to_owned());
    match security {
        Security::Tls => {
            let config = crate::smtp::tls::client_config(None).map_err(|e| e.describe())?;
            let name = rustls::pki_types::ServerName::try_from(host.to_owned())
                .map_err(|e| e.to_string())?;
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
                .map_err(|e| e.to_string())?;
            converse(tls, &local, false).await
        }
        _ => converse(tcp, &local, true).await,
    }
}

async fn converse<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    local_ip: &str,
    need_starttls: bool,
) -> Result<(), String> {
    let mut stream = BufReader::new(stream);
    let greeting = reply(&mut stream).await?;
    if greeting.0 != 220 {
        return Err(format!("greeting {}", greeting.0));
    }
    let literal = if local_ip.contains(':') {
        format!("[IPv6:{local_ip}]")
    } else {
        format!("[{local_ip}]")
    };
    stream
        .write_all(format!("EHLO {literal}\r\n").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    stream.flush().await.map_err(|e| e.to_string())?;
    let (code, lines) = reply(&mut stream).await?;
    if code != 250 {
        return Err(format!("EHLO {code}"));
    }
    let _ = stream.write_all(b"QUIT\r\n").await;
    let _ = stream.flush().await;
    if need_starttls
        && !lines.iter().any(|l| {
            l.get(4..)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("STARTTLS"))
        })
    {
        return Err("no STARTTLS".to_owned());
    }
    Ok(())
}

/// One (possibly multi-line) reply, bounded in line length and count.
async fn reply<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
) -> Result<(u16, Vec<String>), String> {
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        (&mut *stream)
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| e.to_string())?;
        if line.is_empty() {
            return Err("connection closed".to_owned());
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        let code: u16 = text
            .get(..3)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| "not SMTP".to_owned())?;
        let last = text.as_bytes().get(3) != Some(&b'-');
        lines.push(text);
        if last {
            return Ok((code, lines));
        }
        if lines.len() >= MAX_LINES {
            return Err("reply too long".to_owned());
        }
    }
}
