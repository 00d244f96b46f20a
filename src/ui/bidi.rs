//! Visual cursor movement in right-to-left text.
//!
//! iced 0.14's text fields move the cursor in logical order: Left always goes
//! towards the start of the text, which in Arabic is to the right. People
//! expect arrows to move the way they point. [`visual_arrows`] wraps a field
//! and, while its text reads right to left, swaps Left and Right before the
//! field sees them. (Cursor drawing in RTL text is iced's own, issue #2102.)

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree, tree};
use iced::advanced::{Clipboard, Shell, Widget, overlay, renderer};
use iced::keyboard::{self, Key, key::Named};
use iced::{Element, Event, Length, Rectangle, Size, Vector, mouse};

/// True when the first letter with a direction is right to left (Arabic,
/// Hebrew, Syriac, Thaana, N'Ko and their presentation forms).
pub fn reads_right_to_left(text: &str) -> bool {
    for c in text.chars() {
        let u = c as u32;
        if (0x0590..=0x08FF).contains(&u)
            || (0xFB1D..=0xFDFF).contains(&u)
            || (0xFE70..=0xFEFF).contains(&u)
        {
            return true;
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    false
}

/// Swaps Left and Right for a field whose text reads right to left.
pub fn visual_arrows<'a, Message: 'a>(
    field: impl Into<Element<'a, Message>>,
    rtl: bool,
) -> Element<'a, Message> {
    Element::new(VisualArrows {
        inner: field.into(),
        rtl,
    })
}

/// Left becomes Right and Right becomes Left; anything else is unchanged.
pub fn mirror_arrow(key: &Key) -> Option<Key> {
    match key {
        Key::Named(Named::ArrowLeft) => Some(Key::Named(Named::ArrowRight)),
        Key::Named(Named::ArrowRight) => Some(Key::Named(Named::ArrowLeft)),
        _ => None,
    }
}

struct VisualArrows<'a, Message> {
    inner: Element<'a, Message>,
    rtl: bool,
}

type Renderer = iced::Renderer;
type Theme = iced::Theme;

impl<Message> Widget<Message, Theme, Renderer> for VisualArrows<'_, Message> {
    fn size(&self) -> Size<Length> {
        self.inner.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.inner.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.inner.as_widget_mut().layout(tree, renderer, limits)
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
        self.inner
            .as_widget()
            .draw(tree, renderer, theme, style, layout, cursor, viewport)
    }

    fn tag(&self) -> tree::Tag {
        self.inner.as_widget().tag()
    }

    fn state(&self) -> tree::State {
        self.inner.as_widget().state()
    }

    fn children(&self) -> Vec<Tree> {
        self.inner.as_widget().children()
    }

    fn diff(&self, tree: &mut Tree) {
        self.inner.as_widget().diff(tree)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.inner
            .as_widget_mut()
            .operate(tree, layout, renderer, operation)
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
        let mirrored;
        let event = match event {
            Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                modified_key,
                physical_key,
                location,
                modifiers,
                text,
                repeat,
            }) if self.rtl && mirror_arrow(key).is_some() => {
                mirrored = Event::Keyboard(keyboard::Event::KeyPressed {
                    key: mirror_arrow(key).unwrap_or_else(|| key.clone()),
                    modified_key: mirror_arrow(modified_key)
                        .unwrap_or_else(|| modified_key.clone()),
                    physical_key: *physical_key,
                    location: *location,
                    modifiers: *modifiers,
                    text: text.clone(),
                    repeat: *repeat,
                });
                &mirrored
            }
            _ => event,
        };
        self.inner.as_widget_mut().update(
            tree, event, layout, cursor, renderer, clipboard, shell, viewport,
        )
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.inner
            .as_widget()
            .mouse_interaction(tree, layout, cursor, viewport, renderer)
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.inner
            .as_widget_mut()
            .overlay(tree, layout, renderer, viewport, translation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_of_a_line() {
        assert!(reads_right_to_left("سلام"));
        assert!(reads_right_to_left("  123 مرحبا hello"));
        assert!(!reads_right_to_left("hello مرحبا"));
        assert!(!reads_right_to_left(""));
    }
}
