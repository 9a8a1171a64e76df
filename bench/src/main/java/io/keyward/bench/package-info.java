package io.keyward.bench;
