import type { FastifyInstance } from 'fastify';

// The reference serves the OpenAPI document at /v3/api-docs and Swagger UI at /swagger-ui/index.html.
// @fastify/swagger-ui serves its assets under /swagger-ui/static/; this page loads them with relative URLs
// (so it also works behind a path prefix) and points the UI at /v3/api-docs.

const SWAGGER_UI_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>doclive API - Swagger UI</title>
  <link rel="stylesheet" type="text/css" href="static/swagger-ui.css">
  <link rel="stylesheet" type="text/css" href="static/index.css">
  <link rel="icon" type="image/png" href="static/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="static/swagger-ui-bundle.js" charset="UTF-8"></script>
  <script src="static/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
  <script>
    window.onload = function () {
      window.ui = SwaggerUIBundle({
        url: new URL('../v3/api-docs', window.location.href).href,
        dom_id: '#swagger-ui',
        deepLinking: true,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        layout: 'StandaloneLayout',
      });
    };
  </script>
</body>
</html>
`;

export function registerDocs(app: FastifyInstance): void {
  app.get('/v3/api-docs', { schema: { hide: true } }, async () => app.swagger());
  app.get('/swagger-ui/index.html', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(SWAGGER_UI_PAGE),
  );
}
