package org.tgari.config;

/** A configuration problem, worded for the person who wrote the file. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message); }
}
