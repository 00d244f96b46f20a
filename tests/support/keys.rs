//! Keys over a view built headless, as the window would receive them: the
//! focus moved by the window's own operation, Enter pressed where it lands.
#![allow(dead_code)]

use hudhud::ui::app::{App, Message};
use hudhud::ui::widget::focus::Motion;
use iced_test::Simulator;

pub fn key(key: iced::keyboard::Key, modifiers: iced::keyboard::Modifiers) -> iced::Event {
    iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key.clone(),
        physical_key: iced::keyboard::key::Physical::Unidentified(
            iced::keyboard::key::NativeCode::Unidentified,
        ),
        location: iced::keyboard::Location::Standard,
        modifiers,
        text: None,
        repeat: false,
    })
}

/// What Enter does on each control Tab reaches, in Tab order: the view is
/// built headless and the window's own focus operation moves the focus, as
/// the window's Tab does.
pub fn enter_on_each_focus_stop(app: &App) -> Vec<Message> {
    let count = focus_stops(app);
    walk(app, &vec![Motion::Next; count])
        .into_iter()
        .map(|(m, _)| m)
        .collect()
}

/// How many controls the keyboard can reach on screen now.
pub fn focus_stops(app: &App) -> usize {
    use iced::advanced::widget::operation::focusable;
    struct Count(usize);
    impl iced::advanced::widget::Operation for Count {
        fn focusable(
            &mut self,
            _id: Option<&iced::advanced::widget::Id>,
            _bounds: iced::Rectangle,
            _state: &mut dyn focusable::Focusable,
        ) {
            self.0 += 1;
        }
        fn traverse(
            &mut self,
            operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation),
        ) {
            operate(self);
        }
    }
    let mut count = Count(0);
    with_ui(app, |ui, renderer| ui.operate(renderer, &mut count));
    count.0
}

pub fn with_ui<R>(
    app: &App,
    f: impl FnOnce(
        &mut iced_runtime::UserInterface<'_, Message, iced::Theme, iced::Renderer>,
        &mut iced::Renderer,
    ) -> R,
) -> R {
    // Loads the fonts into the shared font system.
    let _ = Simulator::with_settings(hudhud::ui::settings(), app.view());
    let mut renderer = iced::Renderer::new(hudhud::ui::DEFAULT_FONT, iced::Pixels(16.0));
    let mut ui = iced_runtime::UserInterface::build(
        app.view(),
        iced::Size::new(1000.0, 680.0),
        iced_runtime::user_interface::Cache::default(),
        &mut renderer,
    );
    f(&mut ui, &mut renderer)
}

/// Moves the focus as the keys would, one motion after another; after each,
/// where the focus is and what Enter there does.
pub fn walk(app: &App, motions: &[Motion]) -> Vec<(Message, iced::Rectangle)> {
    use iced::advanced::widget::operation::{Outcome, focusable};
    /// The focused stop's bounds and place in the tree's order.
    #[derive(Default)]
    struct Focused {
        bounds: Option<iced::Rectangle>,
        index: Option<usize>,
        seen: usize,
    }
    impl iced::advanced::widget::Operation for Focused {
        fn focusable(
            &mut self,
            _id: Option<&iced::advanced::widget::Id>,
            bounds: iced::Rectangle,
            state: &mut dyn focusable::Focusable,
        ) {
            if state.is_focused() {
                self.bounds = Some(bounds);
                self.index = Some(self.seen);
            }
            self.seen += 1;
        }
        fn traverse(
            &mut self,
            operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation),
        ) {
            operate(self);
        }
    }
    /// Focuses the stop at this place in the tree's order.
    struct FocusAt(usize, usize);
    impl iced::advanced::widget::Operation for FocusAt {
        fn focusable(
            &mut self,
            _id: Option<&iced::advanced::widget::Id>,
            _bounds: iced::Rectangle,
            state: &mut dyn focusable::Focusable,
        ) {
            if self.1 == self.0 {
                state.focus();
            } else {
                state.unfocus();
            }
            self.1 += 1;
        }
        fn traverse(
            &mut self,
            operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation),
        ) {
            operate(self);
        }
    }
    with_ui(app, |ui, renderer| {
        let mut stops = Vec::new();
        for motion in motions {
            let mut operation: Box<dyn iced::advanced::widget::Operation> =
                Box::new(hudhud::ui::widget::focus::move_focus(*motion));
            loop {
                ui.operate(renderer, operation.as_mut());
                match operation.finish() {
                    Outcome::Chain(next) => operation = next,
                    _ => break,
                }
            }
            let mut focused = Focused::default();
            ui.operate(renderer, &mut focused);
            let mut messages = Vec::new();
            ui.update(
                &[key(
                    iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
                    iced::keyboard::Modifiers::empty(),
                )],
                iced::mouse::Cursor::Unavailable,
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
            // Enter may move on itself (the subject to the body); the walk
            // goes on from this stop, as Tab would.
            if let Some(index) = focused.index {
                ui.operate(renderer, &mut FocusAt(index, 0));
            }
            // What the control does, not the focus move that may follow.
            let message = messages
                .into_iter()
                .find(|m| !matches!(m, Message::FocusMoved))
                .unwrap_or(Message::Nothing);
            stops.push((message, focused.bounds.expect("a control has the focus")));
        }
        stops
    })
}

/// What a key does on each control Tab reaches, in Tab order.
pub fn key_on_each_focus_stop(app: &App, event: iced::Event) -> Vec<Vec<Message>> {
    use iced::advanced::widget::operation::Outcome;
    let count = focus_stops(app);
    with_ui(app, |ui, renderer| {
        let mut all = Vec::new();
        for _ in 0..count {
            let mut operation: Box<dyn iced::advanced::widget::Operation> =
                Box::new(hudhud::ui::widget::focus::move_focus(Motion::Next));
            loop {
                ui.operate(renderer, operation.as_mut());
                match operation.finish() {
                    Outcome::Chain(next) => operation = next,
                    _ => break,
                }
            }
            let mut messages = Vec::new();
            ui.update(
                std::slice::from_ref(&event),
                iced::mouse::Cursor::Unavailable,
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
            all.push(messages);
        }
        all
    })
}
