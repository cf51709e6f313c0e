package org.tgari.telegram.tdlib;

import io.vertx.core.Vertx;
import org.tgari.voip.engine.CallEngine;

/** What every call of one line shares: the line's name, its TDLib session, Vert.x, engine options and its call table. */
record TdCallContext(String lineName, TdSession td, Vertx vertx, CallEngine.Options engineOptions, TdCallTable calls) {}
