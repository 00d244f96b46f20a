//! A control that Tab reaches: iced 0.14's buttons take no keyboard focus,
//! so this wraps one, takes part in iced's focus operations (Tab and
//! Shift+Tab walk them in the order of the widget tree, which `dir::row`
//! already mirrors for Arabic), draws the theme's focus ring and presses on
//! Enter or Space. A mouse press anywhere drops the ring: it is for keyboard
//! users, as `:focus-visible` is on the web.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer::{self, Quad};
use iced::advanced::widget::{Operation, Tree, Widget, operation, tree};
use iced::advanced::{Clipboard, Shell, mouse, overlay};
use iced::keyboard::{self, key::Named};
use iced::{Border, Element, Event, Length, Rectangle, Size, Theme, Vector};

use crate::ui::theme;

type Renderer = iced::Renderer;

pub struct Focusable<'a, Message> {
    content: Element<'a, Message>,
    on_press: Option<Message>,
}

/// `content` (a button) reachable by Tab, pressed by Enter or Space with
/// `on_press` (None: disabled, skipped by nothing but does nothing).
pub fn focusable<'a, Message>(
    content: impl Into<Element<'a, Message>>,
    on_press: Option<Message>,
) -> Focusable<'a, Message> {
    Focusable {
        content: content.into(),
        on_press,
    }
}

#[derive(Debug, Default)]
struct State {
    focused: bool,
}

impl operation::Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

impl<'a, Message: Clone + 'a> Widget<Message, Theme, Renderer> for Focusable<'a, Message> {
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
            Event::Mouse(mouse::Event::ButtonPressed(_)) if state.focused => {
                state.focused = false;
                shell.request_redraw();
            }
            Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
                if state.focused
                    && !modifiers.command()
                    && matches!(
                        key.as_ref(),
                        keyboard::Key::Named(Named::Enter | Named::Space)
                    ) =>
            {
                if let Some(message) = &self.on_press {
                    shell.publish(message.clone());
                }
                shell.capture_event();
                return;
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
        if let Some(child) = layout.children().next() {
            self.content.as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                child,
                cursor,
                viewport,
            );
        }
        if tree.state.downcast_ref::<State>().focused {
            let b = layout.bounds();
            let ring = Rectangle {
                x: b.x - 2.0,
                y: b.y - 2.0,
                width: b.width + 4.0,
                height: b.height + 4.0,
            };
            iced::advanced::Renderer::fill_quad(
                renderer,
                Quad {
                    bounds: ring,
                    border: Border {
                        color: theme::colors(theme).focus,
                        width: 2.0,
                        radius: (theme::radius::M + 2.0).into(),
                    },
                    ..Quad::default()
                },
                iced::Color::TRANSPARENT,
            );
        }
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

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        let child = layout.children().next()?;
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            child,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message: Clone + 'a> From<Focusable<'a, Message>> for Element<'a, Message> {
    fn from(focusable: Focusable<'a, Message>) -> Self {
        Element::new(focusable)
    }
}

/// A button pressed with `on_press` by mouse, Enter or Space, reached by Tab.
pub fn button<'a, Message: Clone + 'a>(
    button: iced::widget::Button<'a, Message>,
    on_press: Message,
) -> Element<'a, Message> {
    focusable(button.on_press(on_press.clone()), Some(on_press)).into()
}

/// The same for a button that may be disabled (`None`).
pub fn button_maybe<'a, Message: Clone + 'a>(
    button: iced::widget::Button<'a, Message>,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    focusable(button.on_press_maybe(on_press.clone()), on_press).into()
}
