//! The keyboard for a month grid: the whole grid is one Tab stop (as in the
//! date pickers people know), and while it has the focus the arrows move
//! the day (Left and Right swapped when the grid runs right to left), Page
//! Up and Page Down the month, and Enter or Space pick the day. A click in
//! the grid gives it the focus, so the keys go on from the day clicked. The
//! day under the keyboard gets the theme's focus ring.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer;
use iced::advanced::widget::{Operation, Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse};
use iced::keyboard::{self, key::Named};
use iced::{Element, Event, Length, Rectangle, Size, Theme};

use super::focus::State;

type Renderer = iced::Renderer;

/// A move the keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Days forward (negative: back) in time.
    Days(i64),
    Months(i32),
    Pick,
}

pub struct DayGrid<'a, Message> {
    /// A column of weeks, each a row of day cells in screen order.
    content: Element<'a, Message>,
    on_key: Box<dyn Fn(Key) -> Message + 'a>,
    /// The day under the keyboard: (week, cell in screen order).
    cursor: Option<(usize, usize)>,
    rtl: bool,
}

pub fn day_grid<'a, Message>(
    content: impl Into<Element<'a, Message>>,
    cursor: Option<(usize, usize)>,
    rtl: bool,
    on_key: impl Fn(Key) -> Message + 'a,
) -> DayGrid<'a, Message> {
    DayGrid {
        content: content.into(),
        on_key: Box::new(on_key),
        cursor,
        rtl,
    }
}

/// What a key means to the grid; None for keys it leaves to others.
pub fn key_of(key: &keyboard::Key, modifiers: keyboard::Modifiers, rtl: bool) -> Option<Key> {
    if modifiers.command() || modifiers.alt() {
        return None;
    }
    let keyboard::Key::Named(named) = key else {
        return None;
    };
    // Left is a day back where the week runs left to right, a day on where
    // it runs right to left.
    let back = if rtl { 1 } else { -1 };
    Some(match named {
        Named::ArrowLeft => Key::Days(back),
        Named::ArrowRight => Key::Days(-back),
        Named::ArrowUp => Key::Days(-7),
        Named::ArrowDown => Key::Days(7),
        Named::PageUp => Key::Months(-1),
        Named::PageDown => Key::Months(1),
        Named::Enter | Named::Space => Key::Pick,
        _ => return None,
    })
}

impl<'a, Message: Clone + 'a> Widget<Message, Theme, Renderer> for DayGrid<'a, Message> {
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let node = self
            .content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits);
        layout::Node::with_children(node.size(), vec![node])
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        // One stop for the grid; its day buttons are not stops of their own
        // (iced's buttons take no focus), but their ids are found.
        let state = tree.state.downcast_mut::<State>();
        operation.focusable(None, layout.bounds(), state);
        if let Some(child) = layout.children().next() {
            self.content
                .as_widget_mut()
                .operate(&mut tree.children[0], child, renderer, operation);
        }
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(_)) => {
                let inside = cursor.is_over(layout.bounds());
                if inside != state.focused {
                    state.focused = inside;
                    shell.request_redraw();
                }
            }
            Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
                if state.focused =>
            {
                if let Some(key) = key_of(key, *modifiers, self.rtl) {
                    shell.publish((self.on_key)(key));
                    shell.capture_event();
                    return;
                }
            }
            _ => {}
        }
        if let Some(child) = layout.children().next() {
            self.content.as_widget_mut().update(
                &mut tree.children[0],
                event,
                child,
                cursor,
                renderer,
                clipboard,
                shell,
                viewport,
            );
        }
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        let Some(child) = layout.children().next() else {
            return;
        };
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            child,
            cursor,
            viewport,
        );
        if !tree.state.downcast_ref::<State>().focused {
            return;
        }
        let Some(cell) = self.cursor.and_then(|(week, cell)| {
            child
                .children()
                .nth(week)
                .and_then(|row| row.children().nth(cell))
        }) else {
            return;
        };
        super::focus::draw_ring(renderer, theme, cell.bounds());
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        layout
            .children()
            .next()
            .map(|child| {
                self.content.as_widget().mouse_interaction(
                    &tree.children[0],
                    child,
                    cursor,
                    viewport,
                    renderer,
                )
            })
            .unwrap_or_default()
    }
}

impl<'a, Message: Clone + 'a> From<DayGrid<'a, Message>> for Element<'a, Message> {
    fn from(grid: DayGrid<'a, Message>) -> Self {
        Element::new(grid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_and_right_follow_the_direction_of_the_week() {
        let none = keyboard::Modifiers::empty();
        let named = |n| keyboard::Key::Named(n);
        assert_eq!(
            key_of(&named(Named::ArrowRight), none, false),
            Some(Key::Days(1))
        );
        assert_eq!(
            key_of(&named(Named::ArrowLeft), none, false),
            Some(Key::Days(-1))
        );
        assert_eq!(
            key_of(&named(Named::ArrowLeft), none, true),
            Some(Key::Days(1))
        );
        assert_eq!(
            key_of(&named(Named::ArrowRight), none, true),
            Some(Key::Days(-1))
        );
        assert_eq!(
            key_of(&named(Named::ArrowDown), none, true),
            Some(Key::Days(7))
        );
        assert_eq!(
            key_of(&named(Named::PageUp), none, false),
            Some(Key::Months(-1))
        );
        assert_eq!(key_of(&named(Named::Enter), none, false), Some(Key::Pick));
        // Tab, Escape and shortcuts are left to the window.
        assert_eq!(key_of(&named(Named::Tab), none, false), None);
        assert_eq!(key_of(&named(Named::Escape), none, false), None);
        assert_eq!(
            key_of(&named(Named::Enter), keyboard::Modifiers::CTRL, false),
            None
        );
    }
}
