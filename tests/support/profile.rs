//! A private Hudhud profile (config and data folders of its own) and the
//! real binary run in it, as a user or a script would run it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub struct Profile {
    _dir: tempfile::TempDir,
    pub config: PathBuf,
    pub data: PathBuf,
    /// An account name unique to this test process (keychain entries are shared).
    pub account: String,
}

impl Profile {
    pub fn new(tag: &str) -> Profile {
        let dir = tempfile::tempdir().unwrap();
        Profile {
            config: dir.path().join("config"),
            data: dir.path().join("data"),
            account: format!("peer-{tag}-{}", std::process::id()),
            _dir: dir,
        }
    }

    /// Runs `hudhud ARGS` with `stdin` as its input, in language `lang`.
    pub fn run(&self, args: &[&str], stdin: &[u8], lang: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .env("HUDHUD_CONFIG_DIR", &self.config)
            .env("HUDHUD_DATA_DIR", &self.data)
            .env("HUDHUD_LANG", lang)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A command may exit before reading all of its input.
        let _ = child.stdin.take().unwrap().write_all(stdin);
        child.wait_with_output().unwrap()
    }

    /// Writes a `[settings]` table before any account exists (the CLI keeps
    /// it when it adds the account).
    pub fn write_settings(&self, toml: &str) {
        std::fs::create_dir_all(&self.config).unwrap();
        std::fs::write(
            self.config.join("config.toml"),
            format!("[settings]\n{toml}\n"),
        )
        .unwrap();
    }

    /// `hudhud account add` for a server on localhost, the password on
    /// standard input; the test stops if that fails.
    pub fn add_account(
        &self,
        email: &str,
        port: u16,
        security: &str,
        ca_file: Option<&std::path::Path>,
        password: &str,
    ) {
        let port = port.to_string();
        let ca = ca_file.map(|p| p.display().to_string());
        let mut args = vec![
            "account",
            "add",
            &self.account,
            "--email",
            email,
            "--host",
            "localhost",
            "--port",
            &port,
            "--security",
            security,
            "--display-name",
            "ليلى أحمد",
            "--password-stdin",
        ];
        if let Some(ca) = &ca {
            args.extend(["--ca-file", ca]);
        }
        let out = self.run(&args, password.as_bytes(), "en");
        assert!(out.status.success(), "account add: {}", stderr(&out));
    }

    pub fn remove_account(&self) {
        let _ = self.run(&["account", "remove", &self.account], b"", "en");
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
