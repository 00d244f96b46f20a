//! The Send later picker where the clocks change: the user's zone is
//! Europe/Berlin (TZ, as the window reads it), and 02:30 on 28 March 2027
//! does not exist there. Choosing it in the picker says so, names the zone
//! and the first time after the gap, and Schedule queues nothing; 03:00 is
//! queued as 01:00 UTC. One test in its own binary, because the zone is
//! process-wide.

use chrono::{DateTime, Local, TimeZone, Utc};
use hudhud::ui::app::Message;
use hudhud::ui::compose::Message as C;
use iced_test::{Simulator, selector};

mod support;
use support::window::fixture;

fn saturday_noon() -> DateTime<Local> {
    Local.with_ymd_and_hms(2027, 3, 27, 12, 0, 0).unwrap()
}

#[test]
fn the_hour_the_clocks_skip_is_refused_with_the_zone_and_the_next_time() {
    // SAFETY: the only test of this binary sets it before anything reads
    // the environment on another thread.
    unsafe { std::env::set_var("TZ", "Europe/Berlin") };
    assert_eq!(
        Local
            .with_ymd_and_hms(2027, 3, 27, 12, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
            .to_rfc3339(),
        "2027-03-27T11:00:00+00:00",
        "the zone is Berlin's"
    );
    hudhud::i18n::select(&["en".parse().unwrap()]);
    let mut f = fixture(0);
    f.app.compose.clock = saturday_noon;
    f.app.compose.to = "omar@example.org".into();
    f.app.compose.subject = "Spring".into();
    f.apply([Message::Compose(C::ToggleLater)]);
    f.click("later-calendar");
    f.click("later-day-2027-03-28");
    assert_eq!(f.app.compose.send_at, "2027-03-28 13:00");
    for _ in 0..11 {
        f.click("later-hour-down");
    }
    f.click("later-minute-up");
    f.click("later-minute-up");
    f.click("later-minute-up");
    f.click("later-minute-up");
    f.click("later-minute-up");
    f.click("later-minute-up");
    assert_eq!(f.app.compose.send_at, "2027-03-28 02:30", "kept as chosen");
    let said = "March 28, 2027, 02:30 does not exist in Europe/Berlin: the clocks go forward \
                then. Choose another time, such as 03:00.";
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find(said).expect("the picker says why");
        ui.find("Time zone: Europe/Berlin (UTC+02:00)")
            .expect("the zone by name, with its offset after the change");
    }
    f.interact(|ui| {
        ui.click("Schedule").expect("Schedule");
    });
    assert_eq!(f.app.compose.send_at_error.as_deref(), Some(said));
    assert!(f.outbox().is_empty(), "nothing queued");

    f.click("later-hour-up");
    f.click("later-minute-down");
    f.click("later-minute-down");
    f.click("later-minute-down");
    f.click("later-minute-down");
    f.click("later-minute-down");
    f.click("later-minute-down");
    assert_eq!(f.app.compose.send_at, "2027-03-28 03:00");
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        assert!(
            ui.find(selector::id("later-problem")).is_err(),
            "03:00 exists"
        );
    }
    f.interact(|ui| {
        ui.click("Schedule").expect("Schedule");
    });
    assert_eq!(
        f.outbox()[0].not_before,
        Some(Utc.with_ymd_and_hms(2027, 3, 28, 1, 0, 0).unwrap())
    );
}
