//! What a widget that only places its children (bar, flow) does with them
//! for everything but layout: each child is operated on, updated, asked for
//! its cursor and drawn in its own place.

use iced::advanced::layout::Layout;
use iced::advanced::widget::{Operation, Tree};
use iced::advanced::{Clipboard, Shell, mouse, renderer};
use iced::{Element, Event, Rectangle, Theme};

type Renderer = iced::Renderer;

pub fn operate<Message>(
    children: &mut [Element<'_, Message>],
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &Renderer,
    operation: &mut dyn Operation,
) {
    operation.container(None, layout.bounds());
    operation.traverse(&mut |operation| {
        for ((child, state), layout) in children
            .iter_mut()
            .zip(&mut tree.children)
            .zip(layout.children())
        {
            child
                .as_widget_mut()
                .operate(state, layout, renderer, operation);
        }
    });
}

#[allow(clippy::too_many_arguments)]
pub fn update<Message>(
    children: &mut [Element<'_, Message>],
    tree: &mut Tree,
    event: &Event,
    layout: Layout<'_>,
    cursor: mouse::Cursor,
    renderer: &Renderer,
    clipboard: &mut dyn Clipboard,
    shell: &mut Shell<'_, Message>,
    viewport: &Rectangle,
) {
    for ((child, tree), layout) in children
        .iter_mut()
        .zip(&mut tree.children)
        .zip(layout.children())
    {
        child.as_widget_mut().update(
            tree, event, layout, cursor, renderer, clipboard, shell, viewport,
        );
    }
}

pub fn mouse_interaction<Message>(
    children: &[Element<'_, Message>],
    tree: &Tree,
    layout: Layout<'_>,
    cursor: mouse::Cursor,
    viewport: &Rectangle,
    renderer: &Renderer,
) -> mouse::Interaction {
    children
        .iter()
        .zip(&tree.children)
        .zip(layout.children())
        .map(|((child, tree), layout)| {
            child
                .as_widget()
                .mouse_interaction(tree, layout, cursor, viewport, renderer)
        })
        .max()
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
pub fn draw<Message>(
    children: &[Element<'_, Message>],
    tree: &Tree,
    renderer: &mut Renderer,
    theme: &Theme,
    style: &renderer::Style,
    layout: Layout<'_>,
    cursor: mouse::Cursor,
    viewport: &Rectangle,
) {
    for ((child, tree), layout) in children.iter().zip(&tree.children).zip(layout.children()) {
        child
            .as_widget()
            .draw(tree, renderer, theme, style, layout, cursor, viewport);
    }
}
