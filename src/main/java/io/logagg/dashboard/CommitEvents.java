package io.logagg.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.report.SourceSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/events}: a server-sent {@code commit} event whenever a source's checkpoint moves,
 * which the page answers by reading its report again. Redis is looked at every
 * {@link #INTERVAL} by one thread, whatever the number of open pages, so that {@code serve}, which
 * runs no job, sees the commits of any process writing to the same Redis. A comment every
 * fifteen seconds keeps idle connections through proxies.
 */
@RestController
final class CommitEvents implements DisposableBean {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(CommitEvents.class);

	private final StringRedisTemplate redis;

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "logagg-dashboard-events");
		thread.setDaemon(true);
		return thread;
	});

	/** Each source's last checkpoint time as last looked at; null before a page is open. */
	private Map<String, String> seen;

	private long polls;

	CommitEvents(StringRedisTemplate redis) {
		this.redis = redis;
		this.watcher.scheduleWithFixedDelay(this::poll, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	@GetMapping(path = "/api/events", produces = "text/event-stream")
	SseEmitter events() {
		SseEmitter emitter = new SseEmitter(0L);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError(failure -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		try {
			emitter.send(SseEmitter.event().comment("logagg"));
		}
		catch (IOException ex) {
			this.emitters.remove(emitter);
		}
		return emitter;
	}

	private void poll() {
		try {
			if (this.emitters.isEmpty()) {
				this.seen = null;
				return;
			}
			Map<String, String> updated = new TreeMap<>();
			for (String source : SourceSummary.names(this.redis)) {
				String at = this.redis.<String, String>opsForHash().get(new KeyLayout(source).checkpoint(), "updated");
				updated.put(source, (at != null) ? at : "");
			}
			Map<String, String> before = this.seen;
			this.seen = updated;
			if (before != null && !updated.equals(before)) {
				List<String> moved = updated.keySet().stream().filter(source -> !updated.get(source).equals(before.get(source))).toList();
				send(SseEmitter.event().name("commit").data(String.join(",", moved)));
			}
			else if (++this.polls % 15 == 0) {
				send(SseEmitter.event().comment("alive"));
			}
		}
		catch (RuntimeException ex) {
			// Redis away for a moment: the page keeps what it shows, and the next look tries again.
			logger.debug("dashboard events: {}", ex.toString());
		}
	}

	private void send(SseEmitter.SseEventBuilder event) {
		for (SseEmitter emitter : this.emitters) {
			try {
				emitter.send(event);
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
			}
		}
	}

	@Override
	public void destroy() {
		this.watcher.shutdownNow();
		this.emitters.forEach(SseEmitter::complete);
	}

}
