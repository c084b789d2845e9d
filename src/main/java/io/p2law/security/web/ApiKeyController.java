package io.p2law.security.web;

import java.net.URI;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.p2law.security.ApiKeys;

/** Key administration; the filter chain lets only {@code admin} keys in. */
@RestController
@RequestMapping(path = "/api/v1/keys", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyController {

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiKeyViews.Created> create(@RequestBody ApiKeyViews.NewKey request) {
        ApiKeyViews.Created created = ApiKeyViews.Created.of(keys.create(request.name(), request.scopes()));
        return ResponseEntity.created(URI.create("/api/v1/keys/" + created.id())).body(created);
    }

    @GetMapping
    ApiKeyViews.KeyList list() {
        return new ApiKeyViews.KeyList(keys.list().stream().map(ApiKeyViews.KeyView::of).toList());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
