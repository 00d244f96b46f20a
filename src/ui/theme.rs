//! The design system: one place for spacing, type sizes, corner radii,
//! elevation and the colours of the light and dark themes, and the styles
//! every screen draws its buttons, texts and boxes with.
//!
//! Screens never name a colour: they call the style functions here
//! (`.style(theme::primary_button)`), which read the colours of the theme in
//! use. The iced theme itself is built from the same colours, so the widgets
//! we do not style one by one (text fields, pickers, scroll bars, toggles)
//! match. The colour pairs meet WCAG 2.2 AA: 4.5:1 for text, 3:1 for the
//! edges of controls and the focus ring (see the tests below, which compute
//! every pair of both themes).

use iced::border::{self, Border};
use iced::theme::palette::{Extended, Pair};
use iced::widget::{button, container, text};
use iced::{Background, Color, Shadow, Theme, Vector};

/// Spacing between and inside elements, in logical pixels (a 4 px grid).
pub mod space {
    pub const XS: f32 = 4.0;
    pub const S: f32 = 8.0;
    pub const M: f32 = 12.0;
    pub const L: f32 = 16.0;
    pub const XL: f32 = 24.0;
}

/// Type sizes, in logical pixels.
pub mod size {
    /// Hints, shortcuts, counts.
    pub const CAPTION: f32 = 12.0;
    /// Secondary facts: sizes, dates, host names.
    pub const SMALL: f32 = 13.0;
    pub const BODY: f32 = 16.0;
    pub const HEADING: f32 = 20.0;
    pub const TITLE: f32 = 24.0;
}

/// Corner radii.
pub mod radius {
    pub const S: f32 = 4.0;
    pub const M: f32 = 6.0;
    pub const L: f32 = 10.0;
}

/// The keyboard focus ring: a line in `focus` a gap away from the control,
/// as GNOME and macOS draw it. The gap shows the ground the control sits
/// on, so the ring stays visible on a filled button of the ring's own
/// colour (Send, Schedule): it touched the fill and vanished into it.
pub mod ring {
    pub const GAP: f32 = 2.0;
    pub const WIDTH: f32 = 2.0;
}

/// The widest a form or list grows: lines longer than this are hard to read
/// on a 1920 px or 4K screen.
pub const READABLE_WIDTH: f32 = 960.0;

/// The colours of one theme, by role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colors {
    /// The page behind everything.
    pub background: Color,
    /// The sidebar, cards and boxes on the page.
    pub surface: Color,
    /// Toasts and banners, which float above the page.
    pub raised: Color,
    pub text: Color,
    /// Secondary text: sizes, dates, hints.
    pub muted: Color,
    /// The fill of primary buttons and the selected sidebar entry's mark.
    pub accent: Color,
    /// Text on `accent`.
    pub on_accent: Color,
    /// Links and text that is an action.
    pub accent_text: Color,
    /// The selected sidebar entry and list row.
    pub selected: Color,
    pub success: Color,
    pub warning: Color,
    /// Danger as text (errors, the failed count).
    pub danger: Color,
    /// The fill of danger buttons and badges.
    pub danger_fill: Color,
    /// Text on `danger_fill`.
    pub on_danger: Color,
    /// Lines between parts; decoration only.
    pub divider: Color,
    /// The edge of controls (secondary buttons, fields): 3:1 against the page.
    pub control_border: Color,
    /// The keyboard focus ring: 3:1 against the page.
    pub focus: Color,
    pub shadow: Color,
}

const fn rgb(hex: u32) -> Color {
    Color::from_rgb8(
        (hex >> 16) as u8,
        (hex >> 8 & 0xff) as u8,
        (hex & 0xff) as u8,
    )
}

pub const LIGHT: Colors = Colors {
    background: rgb(0xFFFFFF),
    surface: rgb(0xF3F4F6),
    raised: rgb(0xFFFFFF),
    text: rgb(0x1C2024),
    muted: rgb(0x59626D),
    accent: rgb(0x1A5FB4),
    on_accent: rgb(0xFFFFFF),
    accent_text: rgb(0x1A5FB4),
    selected: rgb(0xDBE7F7),
    success: rgb(0x1B7A3A),
    warning: rgb(0x8A5A00),
    danger: rgb(0xB3261E),
    danger_fill: rgb(0xB3261E),
    on_danger: rgb(0xFFFFFF),
    divider: rgb(0xD5D9DE),
    control_border: rgb(0x7A838E),
    focus: rgb(0x1A5FB4),
    shadow: Color::from_rgba(0.0, 0.0, 0.0, 0.18),
};

pub const DARK: Colors = Colors {
    background: rgb(0x1D1F23),
    surface: rgb(0x25282D),
    raised: rgb(0x30343A),
    text: rgb(0xE8EAED),
    muted: rgb(0xA9B1BB),
    accent: rgb(0x8AB4F8),
    on_accent: rgb(0x0B1A2E),
    accent_text: rgb(0x8AB4F8),
    selected: rgb(0x2A3F5F),
    success: rgb(0x6CCB8A),
    warning: rgb(0xE0B050),
    danger: rgb(0xFF8A80),
    danger_fill: rgb(0xF28B82),
    on_danger: rgb(0x2B0B09),
    divider: rgb(0x3A3F46),
    control_border: rgb(0x7D8590),
    focus: rgb(0x8AB4F8),
    shadow: Color::from_rgba(0.0, 0.0, 0.0, 0.5),
};

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Light,
    Dark,
}

impl Mode {
    /// The user's choice in Settings, else the desktop's preference (light
    /// when the desktop has none).
    pub fn resolve(choice: crate::ui::settings::ThemeChoice, desktop: iced::theme::Mode) -> Mode {
        use crate::ui::settings::ThemeChoice;
        match choice {
            ThemeChoice::Light => Mode::Light,
            ThemeChoice::Dark => Mode::Dark,
            ThemeChoice::System => match desktop {
                iced::theme::Mode::Dark => Mode::Dark,
                _ => Mode::Light,
            },
        }
    }

    pub fn colors(self) -> &'static Colors {
        match self {
            Mode::Light => &LIGHT,
            Mode::Dark => &DARK,
        }
    }
}

/// The iced theme for a mode, built from our colours.
pub fn theme(mode: Mode) -> Theme {
    let c = *mode.colors();
    let base = iced::theme::Palette {
        background: c.background,
        text: c.text,
        primary: c.accent,
        success: c.success,
        warning: c.warning,
        danger: c.danger_fill,
    };
    let name = match mode {
        Mode::Light => "Hudhud light",
        Mode::Dark => "Hudhud dark",
    };
    Theme::custom_with_fn(name, base, move |p| extended(p, &c, mode == Mode::Dark))
}

/// iced's derived palette with the roles its own widgets read set to ours:
/// field edges (`background.strong`), placeholders (`secondary.base`), the
/// focused edge (`primary.strong`), selection (`primary.weak`).
fn extended(p: iced::theme::Palette, c: &Colors, is_dark: bool) -> Extended {
    let mut e = Extended::generate(p);
    e.is_dark = is_dark;
    e.background.base = Pair::new(c.background, c.text);
    e.background.weakest = Pair::new(c.surface, c.text);
    e.background.weak = Pair::new(c.surface, c.text);
    e.background.strong = Pair::new(c.control_border, c.text);
    e.background.strongest = Pair::new(c.muted, c.background);
    e.primary.base = Pair::new(c.accent, c.on_accent);
    e.primary.strong = Pair::new(c.focus, c.on_accent);
    e.primary.weak = Pair::new(c.selected, c.text);
    e.secondary.base = Pair::new(c.muted, c.background);
    e.danger.base = Pair::new(c.danger_fill, c.on_danger);
    e.danger.strong = Pair::new(c.danger_fill, c.on_danger);
    e.success.base = Pair::new(c.success, c.background);
    e
}

/// The colours of the theme in use.
pub fn colors(theme: &Theme) -> &'static Colors {
    if theme.extended_palette().is_dark {
        &DARK
    } else {
        &LIGHT
    }
}

// --- Buttons -------------------------------------------------------------

/// `a` moved `amount` of the way to `b`, in sRGB as designers pick shades
/// (iced's `mix` works in linear light, where 8% of white is a light grey).
fn tint(a: Color, b: Color, amount: f32) -> Color {
    let m = |x: f32, y: f32| x + (y - x) * amount;
    Color::from_rgba(m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), a.a)
}

fn filled(fill: Color, on: Color, status: button::Status) -> button::Style {
    // Hover and press move the fill away from its label, so the contrast
    // only grows: darker under white labels, lighter under dark ones.
    let away = if luminance(on) > 0.5 {
        Color::BLACK
    } else {
        Color::WHITE
    };
    let fill = match status {
        button::Status::Hovered => tint(fill, away, 0.12),
        button::Status::Pressed => tint(fill, away, 0.24),
        _ => fill,
    };
    let style = button::Style {
        background: Some(Background::Color(fill)),
        text_color: on,
        border: border::rounded(radius::M),
        shadow: Shadow::default(),
        snap: true,
    };
    disabled(style, status)
}

/// A control that cannot be used now: faded, as WCAG allows for inactive
/// controls.
fn disabled(style: button::Style, status: button::Status) -> button::Style {
    if status != button::Status::Disabled {
        return style;
    }
    button::Style {
        background: style.background.map(|b| b.scale_alpha(0.45)),
        text_color: style.text_color.scale_alpha(0.55),
        border: Border {
            color: style.border.color.scale_alpha(0.45),
            ..style.border
        },
        ..style
    }
}

/// The one action a screen is for (Send, Save, Add account).
pub fn primary_button(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    filled(c.accent, c.on_accent, status)
}

/// Other actions: outlined.
pub fn secondary_button(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    let background = match status {
        button::Status::Hovered => tint(c.background, c.text, 0.06),
        button::Status::Pressed => tint(c.background, c.text, 0.12),
        _ => c.background,
    };
    disabled(
        button::Style {
            background: Some(Background::Color(background)),
            text_color: c.text,
            border: Border {
                color: c.control_border,
                width: 1.0,
                radius: radius::M.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        },
        status,
    )
}

/// What cannot be taken back (Remove, Discard, Send anyway).
pub fn danger_button(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    filled(c.danger_fill, c.on_danger, status)
}

/// A quiet action inside text (Cc/Bcc, Undo, ✕, list rows).
pub fn quiet_button(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    let background = match status {
        button::Status::Hovered => Some(tint(c.background, c.text, 0.08)),
        button::Status::Pressed => Some(tint(c.background, c.text, 0.14)),
        _ => None,
    };
    disabled(
        button::Style {
            background: background.map(Background::Color),
            text_color: c.accent_text,
            border: border::rounded(radius::M),
            shadow: Shadow::default(),
            snap: true,
        },
        status,
    )
}

/// A list row that opens on click: text colour, no fill until hovered.
pub fn row_button(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    button::Style {
        text_color: c.text,
        ..quiet_button(theme, status)
    }
}

/// A sidebar entry; the selected one is filled.
pub fn nav_button(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let c = colors(theme);
        let background = match (selected, status) {
            (true, _) => Some(c.selected),
            (false, button::Status::Hovered) => Some(tint(c.surface, c.text, 0.08)),
            (false, button::Status::Pressed) => Some(tint(c.surface, c.text, 0.14)),
            (false, _) => None,
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: c.text,
            border: border::rounded(radius::M),
            shadow: Shadow::default(),
            snap: true,
        }
    }
}

// --- Text ----------------------------------------------------------------

/// Text in the page's text colour (where a parent would otherwise tint it).
pub fn plain(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).text),
    }
}

pub fn muted(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).muted),
    }
}

pub fn success(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).success),
    }
}

pub fn warning(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).warning),
    }
}

pub fn danger(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).danger),
    }
}

/// Text that is an action or a link.
pub fn accent(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).accent_text),
    }
}

// --- Boxes ---------------------------------------------------------------

/// The sidebar.
pub fn sidebar(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(Background::Color(c.surface)),
        text_color: Some(c.text),
        ..container::Style::default()
    }
}

/// A group on the page (an account, a message in a list, a question).
pub fn card(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(Background::Color(c.surface)),
        text_color: Some(c.text),
        border: Border {
            color: c.divider,
            width: 1.0,
            radius: radius::L.into(),
        },
        ..container::Style::default()
    }
}

/// A question that asks before something is lost (remove, discard).
pub fn confirm_card(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        border: Border {
            color: c.danger_fill,
            width: 1.0,
            radius: radius::L.into(),
        },
        ..card(theme)
    }
}

/// A toast or banner: raised above the page, so it covers instead of
/// pushing the layout. Its edge in the colour of `tone` sets it apart (a
/// shadow would, but tiny-skia greys the whole box under a blurred one).
pub fn floating(tone: Tone) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let c = colors(theme);
        let edge = match tone {
            Tone::Info => c.accent,
            Tone::Success => c.success,
            Tone::Danger => c.danger_fill,
        };
        container::Style {
            background: Some(Background::Color(c.raised)),
            text_color: Some(c.text),
            border: Border {
                color: edge,
                width: 1.0,
                radius: radius::L.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }
}

/// A count on a sidebar entry; failures are a filled red pill, so they read
/// on the selected entry too.
pub fn badge(danger: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let c = colors(theme);
        let (fill, on) = if danger {
            (c.danger_fill, c.on_danger)
        } else {
            (c.accent, c.on_accent)
        };
        container::Style {
            background: Some(Background::Color(fill)),
            text_color: Some(on),
            border: border::rounded(radius::L),
            ..container::Style::default()
        }
    }
}

/// A picker's closed field: edged as a text field, the edge in the focus
/// colour while it is hovered or open.
pub fn picker_field(theme: &Theme, hot: bool) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(Background::Color(c.background)),
        text_color: Some(c.text),
        border: Border {
            color: if hot { c.focus } else { c.control_border },
            width: 1.0,
            radius: radius::M.into(),
        },
        ..container::Style::default()
    }
}

/// A picker's open menu: raised above the page, edged as a control.
pub fn picker_menu(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(Background::Color(c.raised)),
        text_color: Some(c.text),
        border: Border {
            color: c.control_border,
            width: 1.0,
            radius: radius::M.into(),
        },
        ..container::Style::default()
    }
}

/// The option under the mouse or the arrow keys in an open picker.
pub fn picker_highlight(theme: &Theme) -> Color {
    colors(theme).selected
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Danger,
}

/// Shadows for things above the page: 0 flat, 1 a card lifted on hover, 2
/// toasts and menus.
pub fn elevation(c: &Colors, level: u8) -> Shadow {
    match level {
        0 => Shadow::default(),
        1 => Shadow {
            color: c.shadow,
            offset: Vector::new(0.0, 1.0),
            blur_radius: 3.0,
        },
        _ => Shadow {
            color: c.shadow,
            offset: Vector::new(0.0, 4.0),
            blur_radius: 12.0,
        },
    }
}

// --- Contrast ------------------------------------------------------------

/// WCAG 2.2 relative luminance of an opaque colour.
pub fn luminance(c: Color) -> f32 {
    let channel = |v: f32| {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG 2.2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(style: &button::Style) -> Color {
        match style.background {
            Some(Background::Color(c)) => c,
            _ => panic!("no fill"),
        }
    }

    /// Every text colour on every background it is drawn on, in both
    /// themes, reaches 4.5:1; every control edge and the focus ring 3:1.
    #[test]
    fn every_colour_pair_of_both_themes_meets_wcag_aa() {
        for (name, c) in [("light", &LIGHT), ("dark", &DARK)] {
            let grounds = [
                ("background", c.background),
                ("surface", c.surface),
                ("raised", c.raised),
            ];
            let mut failures = Vec::new();
            for (ground, bg) in grounds {
                for (role, fg) in [
                    ("text", c.text),
                    ("muted", c.muted),
                    ("accent_text", c.accent_text),
                    ("success", c.success),
                    ("warning", c.warning),
                    ("danger", c.danger),
                ] {
                    let ratio = contrast(fg, bg);
                    if ratio < 4.5 {
                        failures.push(format!("{name}: {role} on {ground} {ratio:.2}"));
                    }
                }
                for (role, edge) in [
                    ("control_border", c.control_border),
                    ("focus", c.focus),
                    ("accent fill", c.accent),
                    ("danger fill", c.danger_fill),
                ] {
                    let ratio = contrast(edge, bg);
                    if ratio < 3.0 {
                        failures.push(format!("{name}: {role} on {ground} {ratio:.2}"));
                    }
                }
            }
            // The selected sidebar entry carries text and muted counts.
            for (role, fg) in [("text", c.text), ("muted", c.muted)] {
                let ratio = contrast(fg, c.selected);
                if ratio < 4.5 {
                    failures.push(format!("{name}: {role} on selected {ratio:.2}"));
                }
            }
            for (pair, fg, bg) in [
                ("on_accent/accent", c.on_accent, c.accent),
                ("on_danger/danger_fill", c.on_danger, c.danger_fill),
            ] {
                let ratio = contrast(fg, bg);
                if ratio < 4.5 {
                    failures.push(format!("{name}: {pair} {ratio:.2}"));
                }
            }
            // The focus ring is seen against a selected row too.
            let ratio = contrast(c.focus, c.selected);
            if ratio < 3.0 {
                failures.push(format!("{name}: focus on selected {ratio:.2}"));
            }
            assert!(failures.is_empty(), "{failures:#?}");
        }
    }

    /// The focus ring is seen around every button style on every ground,
    /// in both themes: it stands 3:1 against the ground around it, and it
    /// is told from the button's fill either by its own contrast with the
    /// fill or, where it has none (the ring is the primary fill's colour),
    /// by the gap of ground between them, which must then reach 3:1
    /// against the fill.
    #[test]
    fn the_focus_ring_is_seen_on_every_button_style() {
        let mut failures = Vec::new();
        for mode in [Mode::Light, Mode::Dark] {
            let theme = theme(mode);
            let c = mode.colors();
            type Style = fn(&Theme, button::Status) -> button::Style;
            let styles: [(&str, Style); 5] = [
                ("primary", primary_button),
                ("danger", danger_button),
                ("secondary", secondary_button),
                ("quiet", quiet_button),
                ("row", row_button),
            ];
            for (ground_name, ground) in [
                ("background", c.background),
                ("surface", c.surface),
                ("raised", c.raised),
            ] {
                let around = contrast(c.focus, ground);
                if around < 3.0 {
                    failures.push(format!("{mode:?}: ring on {ground_name} {around:.2}"));
                }
                for (name, style) in styles {
                    for status in [button::Status::Active, button::Status::Hovered] {
                        let s = style(&theme, status);
                        let fill = match s.background {
                            Some(Background::Color(f)) if f.a > 0.0 => f,
                            _ => ground,
                        };
                        let by_itself = contrast(c.focus, fill) >= 3.0;
                        let by_gap = ring::GAP >= 1.0 && contrast(ground, fill) >= 3.0;
                        if !by_itself && !by_gap && fill != ground {
                            failures.push(format!(
                                "{mode:?} {name} {status:?} on {ground_name}: ring/fill {:.2}, \
                                 gap {} px at {:.2}",
                                contrast(c.focus, fill),
                                ring::GAP,
                                contrast(ground, fill)
                            ));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    /// The styles as iced draws them (not just the tokens): each button's
    /// label on its own fill, and fields' edges against the page.
    #[test]
    fn the_drawn_styles_keep_their_contrast_in_both_themes() {
        for mode in [Mode::Light, Mode::Dark] {
            let theme = theme(mode);
            let c = mode.colors();
            assert_eq!(colors(&theme), c, "{mode:?} theme reads back its colours");
            for (name, style) in [
                (
                    "primary",
                    primary_button as fn(&Theme, button::Status) -> button::Style,
                ),
                ("danger", danger_button),
            ] {
                for status in [
                    button::Status::Active,
                    button::Status::Hovered,
                    button::Status::Pressed,
                ] {
                    let s = style(&theme, status);
                    let ratio = contrast(s.text_color, fill(&s));
                    assert!(ratio >= 4.5, "{mode:?} {name} {status:?}: {ratio:.2}");
                }
            }
            for status in [
                button::Status::Active,
                button::Status::Hovered,
                button::Status::Pressed,
            ] {
                let s = secondary_button(&theme, status);
                assert!(
                    contrast(s.text_color, fill(&s)) >= 4.5,
                    "{mode:?} secondary {status:?}"
                );
                assert!(contrast(s.border.color, c.background) >= 3.0);
                let s = quiet_button(&theme, status);
                let ground = s.background.map_or(c.background, |_| fill(&s));
                assert!(
                    contrast(s.text_color, ground) >= 4.5,
                    "{mode:?} quiet {status:?}"
                );
                for selected in [false, true] {
                    let s = nav_button(selected)(&theme, status);
                    let ground = s.background.map_or(c.surface, |_| fill(&s));
                    assert!(
                        contrast(s.text_color, ground) >= 4.5,
                        "{mode:?} nav {status:?}"
                    );
                }
            }
            for danger in [false, true] {
                let s = badge(danger)(&theme);
                let Some(Background::Color(bg)) = s.background else {
                    panic!("badge without fill")
                };
                assert!(contrast(s.text_color.unwrap(), bg) >= 4.5);
            }
            // iced's own text field, drawn from our palette.
            let field =
                iced::widget::text_input::default(&theme, iced::widget::text_input::Status::Active);
            assert!(
                contrast(field.border.color, c.background) >= 3.0,
                "{mode:?} field edge"
            );
            assert!(
                contrast(field.value, c.background) >= 4.5,
                "{mode:?} field text"
            );
            assert!(
                contrast(field.placeholder, c.background) >= 4.5,
                "{mode:?} placeholder"
            );
            let focused = iced::widget::text_input::default(
                &theme,
                iced::widget::text_input::Status::Focused { is_hovered: false },
            );
            assert!(
                contrast(focused.border.color, c.background) >= 3.0,
                "{mode:?} focus ring"
            );
        }
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 0.001);
        // #767676 on white is the well-known 4.54:1.
        assert!((contrast(rgb(0x767676), Color::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn the_users_choice_wins_over_the_desktop() {
        use crate::ui::settings::ThemeChoice;
        use iced::theme::Mode as Desktop;
        assert_eq!(
            Mode::resolve(ThemeChoice::Light, Desktop::Dark),
            Mode::Light
        );
        assert_eq!(Mode::resolve(ThemeChoice::Dark, Desktop::Light), Mode::Dark);
        assert_eq!(
            Mode::resolve(ThemeChoice::System, Desktop::Dark),
            Mode::Dark
        );
        assert_eq!(
            Mode::resolve(ThemeChoice::System, Desktop::Light),
            Mode::Light
        );
        assert_eq!(
            Mode::resolve(ThemeChoice::System, Desktop::None),
            Mode::Light
        );
    }
}
