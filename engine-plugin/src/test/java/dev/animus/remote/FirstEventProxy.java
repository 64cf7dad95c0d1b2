package dev.animus.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy on 127.0.0.1 in front of a server that streams server-sent events: it passes one
 * connection's request through, and of the reply only what comes up to the end of the first
 * {@code data:} event; the rest is held back. To the client the stream stops after its first
 * token whatever the machine's speed (a server fast enough writes a whole short reply before a
 * signal could freeze it), so a test can then kill the server mid-reply for certain.
 */
final class FirstEventProxy implements AutoCloseable {
    private final ServerSocket listening;
    private final int target;
    private final CountDownLatch passedFirstEvent = new CountDownLatch(1);
    private volatile Socket client;
    private volatile Socket upstream;

    /** @param target the port of the server on 127.0.0.1 */
    FirstEventProxy(int target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::serve, "first-event-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** @return the proxy's address, to give the client instead of the server's */
    String url() {
        return "http://127.0.0.1:" + listening.getLocalPort();
    }

    /** @return a latch that opens once the first event has been passed to the client */
    CountDownLatch firstEventPassed() {
        return passedFirstEvent;
    }

    private void serve() {
        try {
            client = listening.accept();
            upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            Thread request = new Thread(() -> copy(client, upstream), "first-event-proxy-request");
            request.setDaemon(true);
            request.start();
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            StringBuilder seen = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                seen.append((char) b);
                int data = seen.indexOf("data:");
                if (data >= 0 && seen.indexOf("\n\n", data) >= 0) {
                    out.flush();
                    passedFirstEvent.countDown();
                    return; // hold the rest back: the client's stream stops here
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        }
    }

    /** Closes both sides: the client sees its stream broken off. */
    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket s : new Socket[] {client, upstream}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
