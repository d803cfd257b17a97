// Starts Swagger UI on /api/docs (templates/api/docs.html) from the schema URL the page names.
// A file rather than an inline script: the site's Content-Security-Policy allows no inline code.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
