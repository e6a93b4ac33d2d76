//! Pre-rendering: every route's page as static HTML, from the app's own components.
//! (Owned by the app side; the writer calls `Shell::page`.)

use broadsheet_app::model::Site;
use broadsheet_app::route::Route;

/// The Trunk-built `index.html` that every page is poured into.
pub struct Shell {
    html: String,
}

impl Shell {
    pub fn new(index_html: &str) -> Shell {
        Shell {
            html: index_html.to_string(),
        }
    }

    /// The full HTML document for `route` (`None`: the not-found page), rendered from
    /// `doc`, the route's API document at `api_path` (relative to `api/v1/`).
    pub fn page(
        &self,
        _site: &Site,
        _route: Option<&Route>,
        _doc: Option<(&str, &serde_json::Value)>,
    ) -> String {
        // Filled in by the pre-render work; until then the shell alone.
        self.html.clone()
    }
}
