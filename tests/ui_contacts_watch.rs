//! `hudhud contacts import` run in a terminal while the window is open: the
//! window's watch on the data folder (the one its subscription runs) says
//! the address book changed, and the new people are suggested in To.

mod support;

use std::time::{Duration, Instant};

use hudhud::ui::app::Message;
use support::window::{fixture, type_into};

#[tokio::test(flavor = "multi_thread")]
async fn an_import_by_another_process_is_suggested_in_the_open_window() {
    let mut f = fixture(0);
    let mut changes = hudhud::ui::watch::changes(&f.paths.data_dir).expect("the watch starts");
    f.interact(type_into("to", "sal"));
    let mut ui = iced_test::Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find("سلمى حداد").is_err(), "nobody to suggest yet");
    drop(ui);

    let vcf = f.paths.data_dir.join("phone.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:سلمى حداد\r\nEMAIL:salma@example.net\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .args(["contacts", "import"])
        .arg(&vcf)
        .env("HUDHUD_CONFIG_DIR", &f.paths.config_dir)
        .env("HUDHUD_DATA_DIR", &f.paths.data_dir)
        .env("HUDHUD_LANG", "en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imported = Instant::now();
    let message = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match changes.recv().await {
                Some(Message::ContactsChanged) => return Message::ContactsChanged,
                Some(_) => {}
                None => panic!("the watch ended"),
            }
        }
    })
    .await
    .expect("the window hears of the import");
    let took = imported.elapsed();
    // 130–140 ms measured; the bound leaves room for a loaded CI machine.
    assert!(
        took < Duration::from_secs(2),
        "within two seconds: {took:?}"
    );
    f.apply([message]);

    // The same typing now offers her, by her Arabic name.
    f.app.compose.to = Default::default();
    f.interact(type_into("to", "sal"));
    let mut ui = iced_test::Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    ui.find("سلمى حداد")
        .expect("the imported contact is suggested");
}
