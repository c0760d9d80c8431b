// Swagger UI over the service's own /openapi.json. "Try it out" goes to the origin this page came
// from (the document names the default address), and nothing is fetched from elsewhere: no
// validator badge.
fetch("/openapi.json")
  .then(r => r.json())
  .then(spec => {
    spec.servers = [{url: location.origin, description: "this runbox"}];
    SwaggerUIBundle({spec, dom_id: "#swagger", validatorUrl: null, deepLinking: true});
  })
  .catch(e => { document.getElementById("swagger").textContent = "Cannot load /openapi.json: " + e.message; });
