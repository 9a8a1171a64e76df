package io.keyward.cloud.people;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.alerts.AlertStreams;
import io.keyward.cloud.nodes.NodeChannel;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's change on the owner's alert stream (event {@value #EVENT}, docs/people.md), on every node
 * (issue 11 item 2): the account's stream may be open on any node, not only on the one that got the lock's
 * answer. This node's streams get the view at once; the other nodes get a short note over the
 * {@link NodeChannel} (as alerts do) and render the view from the database themselves, only where the
 * account has a stream open: a person's view with many locks and credentials can outgrow NOTIFY's limit.
 * A note lost on the channel costs the live push only: the page's next GET shows the state.
 */
@Component
class PersonPushes {

    private static final Logger log = LoggerFactory.getLogger(PersonPushes.class);
    /** Event name of a person's change on the alert stream (GET /api/alerts/stream). */
    static final String EVENT = "person";
    static final String TOPIC = "people";

    /** What crosses to the other nodes: the person changed (removed null), or is gone (its last view). */
    record Note(UUID account, UUID person, PersonViews.PersonView removed) {
    }

    private final People people;
    private final PersonViews views;
    private final AlertStreams streams;
    private final NodeChannel nodes;
    private final JsonMapper json;
    /** Renders what other nodes noted: off the channel's thread, which must not wait for the database. */
    private final ExecutorService renderer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "person-pushes");
        thread.setDaemon(true);
        return thread;
    });

    PersonPushes(People people, PersonViews views, AlertStreams streams, NodeChannel nodes, JsonMapper json) {
        this.people = people;
        this.views = views;
        this.streams = streams;
        this.nodes = nodes;
        this.json = json;
        nodes.subscribe(TOPIC, message -> received(json.readValue(message, Note.class)));
    }

    /** Pushes the person's current view to the owner's streams on every node, once the change is committed. */
    void changed(UUID personId) {
        AfterCommit.run(() -> people.person(personId).ifPresent(p -> {
            streams.deliver(p.ownerId(), EVENT, views.view(p));
            nodes.publish(TOPIC, json.writeValueAsString(new Note(p.ownerId(), p.id(), null)));
        }));
    }

    /** The person is gone from every lock and from the cloud. */
    void removed(People.Person p) {
        PersonViews.PersonView last = PersonViews.removed(p);
        AfterCommit.run(() -> {
            streams.deliver(p.ownerId(), EVENT, last);
            nodes.publish(TOPIC, json.writeValueAsString(new Note(p.ownerId(), p.id(), last)));
        });
    }

    private void received(Note note) {
        if (!streams.hasStreams(note.account())) {
            return; // nobody here to tell: no database work
        }
        if (note.removed() != null) {
            streams.deliver(note.account(), EVENT, note.removed());
            return;
        }
        renderer.execute(() -> {
            try {
                people.person(note.person()).ifPresent(p -> streams.deliver(p.ownerId(), EVENT, views.view(p)));
            } catch (RuntimeException e) {
                log.warn("person {}: another node's change not pushed here: {}", note.person(), e.toString());
            }
        });
    }

    @PreDestroy
    void close() {
        renderer.shutdownNow();
    }
}
