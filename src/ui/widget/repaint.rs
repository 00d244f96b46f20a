//! Repaints the whole of its area when `key` changes (the screen shown).
//!
//! Why: iced 0.14's tiny-skia renderer redraws only what changed between
//! frames, and for text it counts the text's layout box (line height ×
//! lines), not its ink. Arabic glyphs reach below and above that box (the
//! tail of ر, the dots under letters, tanwin), so when one screen's text
//! gives way to another's, the ink outside the old boxes stays on screen:
//! a dot of the Outbox's title left over the Accounts screen. Under this
//! widget a transparent quad, whose colour carries the key, covers the area;
//! a new key is a changed quad, and a changed quad is damage over all of
//! its bounds, so the area is painted afresh. Nothing is drawn: the quad's
//! alpha is zero.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer::{self, Quad};
use iced::advanced::widget::{Operation, Tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay};
use iced::{Color, Element, Event, Length, Rectangle, Size, Theme, Vector};

type Renderer = iced::Renderer;

pub struct Repaint<'a, Message> {
    content: Element<'a, Message>,
    key: u8,
}

/// `content`, painted afresh whenever `key` differs from the last frame's.
pub fn repaint<'a, Message>(
    key: u8,
    content: impl Into<Element<'a, Message>>,
) -> Repaint<'a, Message> {
    Repaint {
        content: content.into(),
        key,
    }
}

/// The transparent colour that carries `key` into the frame's quads.
pub fn marker(key: u8) -> Color {
    Color::from_rgba8(key, 0, 0, 0.0)
}

impl<'a, Message> Widget<Message, Theme, Renderer> for Repaint<'a, Message> {
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
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
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
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
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
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
        iced::advanced::Renderer::fill_quad(
            renderer,
            Quad {
                bounds: layout.bounds(),
                ..Quad::default()
            },
            marker(self.key),
        );
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message: 'a> From<Repaint<'a, Message>> for Element<'a, Message> {
    fn from(repaint: Repaint<'a, Message>) -> Self {
        Element::new(repaint)
    }
}
