//! A page view that the browser builds afresh when the next page replaces it, instead of
//! patching it in place. Pages are functions of data, so patching one article into the
//! next saves nothing a reader sees, but `AnyView` compiles a `rebuild` of every page's
//! whole view tree into the wasm. `Fresh` erases the view behind `dyn Mountable` and
//! replaces it on rebuild (what `AnyView` does when the page type changes), so the wasm
//! carries each page's build only.
//!
//! Wasm only: natively the pages are rendered to HTML as `AnyView`s, and nothing in the
//! browser renders to HTML or hydrates (the app mounts client-side).

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

type Build = Box<dyn FnOnce() -> Box<dyn Mountable> + Send>;

/// A view, erased, that is built anew instead of rebuilt.
pub struct Fresh(Build);

impl Fresh {
    pub fn new<V>(view: V) -> Fresh
    where
        V: Render + Send + 'static,
        V::State: 'static,
    {
        Fresh(Box::new(move || Box::new(view.build())))
    }
}

/// The mounted view.
pub struct FreshState(Box<dyn Mountable>);

impl Mountable for FreshState {
    fn unmount(&mut self) {
        self.0.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        self.0.mount(parent, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        self.0.elements()
    }
}

impl Render for Fresh {
    type State = FreshState;

    fn build(self) -> FreshState {
        FreshState((self.0)())
    }

    /// Builds the new view, puts it where the old one is, and drops the old one.
    fn rebuild(self, state: &mut FreshState) {
        let mut new = self.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

leptos::tachys::no_attrs!(Fresh);

/// Never rendered to HTML (that happens natively, with `AnyView`) nor hydrated.
impl RenderHtml for Fresh {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        _buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> FreshState {
        self.build()
    }

    fn into_owned(self) -> Self {
        self
    }
}
