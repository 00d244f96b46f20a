//! The real binary under Xvfb: it opens a window with one account configured,
//! and the screenshot is not blank. The PNG stays under target/tmp/ for a person
//! to look at. Runs when Xvfb and ImageMagick's `import` are installed;
//! `HUDHUD_REQUIRE_XVFB=1` (set by CI) turns their absence into a failure.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn screenshot(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[settings]\ndefault_account = \"work\"\n\n[[account]]\nname = \"work\"\n\
         display_name = \"Layla Haddad\"\nemail = \"layla@example.com\"\nhost = \"127.0.0.1\"\n\
         port = 9\nsecurity = \"none\"\nauth = \"none\"\n",
    )
    .unwrap();
    let (mut xvfb, display) = support::xvfb::start("1000x680x24");
    let display = display.as_str();
    let mut app = Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .env("DISPLAY", display)
        .env("HUDHUD_LANG", lang)
        .env("HUDHUD_CONFIG_DIR", &config)
        .env("HUDHUD_DATA_DIR", dir.path().join("data"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("hudhud starts");

    // Cargo's scratch folder for tests: under the target folder, wherever
    // CARGO_TARGET_DIR puts it.
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("ui-xvfb-{lang}.png"));
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut colours = 0;
    while Instant::now() < deadline && colours < 16 {
        std::thread::sleep(Duration::from_millis(300));
        let shot = Command::new("import")
            .args([
                "-display",
                display,
                "-window",
                "root",
                "-crop",
                "1000x680+0+0",
            ])
            .arg(&out)
            .status();
        if shot.is_ok_and(|s| s.success()) {
            let count = Command::new("identify")
                .args(["-format", "%k"])
                .arg(&out)
                .output()
                .unwrap();
            colours = String::from_utf8_lossy(&count.stdout)
                .trim()
                .parse()
                .unwrap_or(0);
        }
    }
    let still_running = app.try_wait().unwrap().is_none();
    let _ = app.kill();
    let _ = app.wait();
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    assert!(still_running, "the window closed by itself");
    assert!(
        colours >= 16,
        "the window looks blank ({colours} colours), see {}",
        out.display()
    );
}

#[test]
fn the_window_opens_and_draws_under_xvfb() {
    if !(have("Xvfb") && have("import") && have("identify")) {
        assert!(
            std::env::var_os("HUDHUD_REQUIRE_XVFB").is_none(),
            "Xvfb or ImageMagick missing"
        );
        eprintln!("skipped: Xvfb or ImageMagick not installed");
        return;
    }
    screenshot("en");
    screenshot("ar");
}

/// A DISPLAY that names no running X server (and no Wayland socket) is said
/// plainly, in the user's language, with the configuration exit code: no
/// panic, no backtrace.
#[test]
fn an_unreachable_display_is_said_plainly_not_panicked() {
    for (lang, words) in [("en", "cannot be reached"), ("ar", "تعذّر الوصول")] {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .env("DISPLAY", ":999")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("WAYLAND_SOCKET")
            .env("HUDHUD_LANG", lang)
            .env("HUDHUD_CONFIG_DIR", dir.path().join("config"))
            .env("HUDHUD_DATA_DIR", dir.path().join("data"))
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(78), "{lang}: {stderr}");
        assert!(
            stderr.contains(words) && stderr.contains(":999"),
            "{lang}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{lang}: {stderr}");
    }
}

/// Runs `program` with `args` against `display`; its stdout when it worked.
fn x(display: &str, program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .env("DISPLAY", display)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Going from one screen to another leaves nothing of the first behind:
/// the Arabic Outbox's title reaches below its text box (the tail of ر),
/// and the renderer, which redraws only what changed, left that ink over
/// the Accounts screen (see widget::repaint). The frame after the switch
/// is compared with one the window draws afresh after a resize.
#[test]
fn switching_screens_leaves_no_old_pixels_under_xvfb() {
    if !(have("Xvfb") && have("import") && have("compare") && have("xdotool")) {
        assert!(
            std::env::var_os("HUDHUD_REQUIRE_XVFB").is_none(),
            "Xvfb, ImageMagick or xdotool missing"
        );
        eprintln!("skipped: Xvfb, ImageMagick or xdotool not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[settings]\ndefault_account = \"work\"\nretry_first_secs = 300\n\n[[account]]\n\
         name = \"work\"\nemail = \"layla@example.com\"\nhost = \"127.0.0.1\"\nport = 9\n\
         security = \"none\"\nauth = \"none\"\n",
    )
    .unwrap();
    let hudhud = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hudhud"));
        c.env("HUDHUD_LANG", "ar")
            .env("HUDHUD_CONFIG_DIR", &config)
            .env("HUDHUD_DATA_DIR", dir.path().join("data"));
        c
    };
    // Nothing listens on port 9: the message waits in the outbox.
    let queued = hudhud()
        .args([
            "send",
            "--no-wait",
            "--to",
            "omar@example.org",
            "--subject",
            "Report",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"Hello\n")?;
            child.wait()
        })
        .unwrap();
    assert!(queued.success());
    let (mut xvfb, display) = support::xvfb::start("1000x680x24");
    let display = display.as_str();
    let mut app = hudhud()
        .env("DISPLAY", display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("hudhud starts");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let (after, fresh) = (
        tmp.join("switch-after-ar.png"),
        tmp.join("switch-fresh-ar.png"),
    );
    let shot = |path: &PathBuf| {
        std::thread::sleep(Duration::from_millis(1500));
        x(
            display,
            "import",
            &[
                "-window",
                "root",
                "-crop",
                "1000x680+0+0",
                path.to_str().unwrap(),
            ],
        )
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut window = None;
    while window.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(300));
        window = x(
            display,
            "xdotool",
            &["search", "--class", "org.hudhud.Hudhud"],
        )
        .and_then(|ids| ids.lines().last().map(str::to_owned));
    }
    let window = window.expect("the window opens");
    std::thread::sleep(Duration::from_secs(2));
    // The sidebar is on the right in Arabic: Outbox, then Accounts.
    let click = |y: &str| x(display, "xdotool", &["mousemove", "900", y, "click", "1"]);
    click("110").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    click("186").unwrap();
    shot(&after).unwrap();
    x(display, "xdotool", &["windowsize", &window, "999", "680"]).unwrap();
    std::thread::sleep(Duration::from_millis(700));
    x(display, "xdotool", &["windowsize", &window, "1000", "680"]).unwrap();
    shot(&fresh).unwrap();
    let diff = Command::new("compare")
        .args(["-metric", "AE"])
        .arg(&after)
        .arg(&fresh)
        .arg("null:")
        .output()
        .unwrap();
    let _ = app.kill();
    let _ = app.wait();
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    // compare writes the count of differing pixels to stderr.
    let differing = String::from_utf8_lossy(&diff.stderr).trim().to_owned();
    assert_eq!(
        differing,
        "0",
        "pixels differ between the switched frame and a fresh one: see {} and {}",
        after.display(),
        fresh.display()
    );
}
