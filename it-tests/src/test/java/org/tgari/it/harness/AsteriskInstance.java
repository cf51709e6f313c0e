package org.tgari.it.harness;

/** A running Asterisk 22 with tgari's shipped stack on loopback ports of its own; close stops it. */
public interface AsteriskInstance extends AutoCloseable {

    /** Base URL of Asterisk's HTTP server, e.g. {@code http://127.0.0.1:18088}; ARI lives under {@code /ari}. */
    String ariBaseUrl();

    String ariUser();

    String ariPassword();

    /** The PJSIP UDP transport's port on 127.0.0.1. */
    int sipPort();

    /** Asterisk's version as ARI reports it ({@code /ari/asterisk/info}), e.g. {@code 22.10.1+dfsg...}. */
    String version();

    /** Runs a CLI command ({@code asterisk -rx}) against this instance and returns its output. */
    String cli(String command) throws Exception;

    /** Stops Asterisk and starts it again on the same ports and configuration. */
    void restart() throws Exception;

    /** Kills Asterisk (SIGKILL: nothing is hung up, no BYE is sent) and starts it again like {@link #restart}. */
    void killAndRestart() throws Exception;

    @Override
    void close();
}
