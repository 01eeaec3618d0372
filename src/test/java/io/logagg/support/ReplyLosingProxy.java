package io.logagg.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A TCP proxy on loopback in front of a test Redis that can lose a reply the way a network does:
 * the request reaches Redis and is carried out, the answer never comes back, the connection drops.
 * That is the moment a client cannot tell whether its write happened.
 *
 * <p>Thread-safe; one thread per direction of each connection.
 */
public final class ReplyLosingProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile BooleanSupplier loseReplyOnceApplied;

	/** Listens on a free loopback port and forwards to {@code 127.0.0.1:target}. */
	public ReplyLosingProxy(int target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread accept = new Thread(this::accept, "reply-losing-proxy");
		accept.setDaemon(true);
		accept.start();
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * The first reply to come back once {@code applied} holds (asked as each reply arrives; Redis
	 * answers a request only after carrying it out, so that is the reply to the request that made
	 * it hold) is swallowed and its connection cut. Replies before it, and every reply after it,
	 * are forwarded faithfully.
	 */
	public void loseReplyOnceApplied(BooleanSupplier applied) {
		this.loseReplyOnceApplied = applied;
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Socket server = new Socket(InetAddress.getLoopbackAddress(), this.target);
				this.sockets.add(client);
				this.sockets.add(server);
				pump(client, server, false);
				pump(server, client, true);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to, boolean replies) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n; (n = in.read(buffer)) > 0;) {
					BooleanSupplier applied = replies ? this.loseReplyOnceApplied : null;
					if (applied != null && applied.getAsBoolean()) {
						this.loseReplyOnceApplied = null;
						from.close();
						to.close();
						return;
					}
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "reply-losing-proxy-" + (replies ? "replies" : "requests"));
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		this.sockets.forEach(ReplyLosingProxy::closeQuietly);
	}

}
