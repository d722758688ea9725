// apical_valve: the reward-valve controller Apical talks to over a serial port.
// Protocol version 3, documented in docs/reward.md (3 = 2 plus the light channels and lick reports). Flash with the Arduino IDE or
//   arduino-cli compile --fqbn arduino:avr:uno rigs/firmware/apical_valve
//   arduino-cli upload  --fqbn arduino:avr:uno -p /dev/ttyACM0 rigs/firmware/apical_valve
//
// Every line is ASCII "BODY*CC\n", CC = XOR of the BODY bytes as two upper-case hex digits.
//   host -> device                     device -> host
//   HELLO                              HELLO apical_valve 2 <valves> <max_open_ms> <last_id>
//   LIMIT <ms>                         LIMIT <ms in force>   (= min(ms, MAX_OPEN_MS))
//   OPEN <id> <ms> <valve>             ACK <id> <ms applied>  |  NAK <id> <reason>
//                                      ... later: DONE <id> <ms>
//   PING <n>                           PONG <n>
//   STATUS                             STATUS <last_id> <last_opened 0|1> <open 0|1> <remaining_ms> <pulses>
//   CLOSE                              CLOSED <last_id>     (every valve and every light off)
//   LIGHTS                             LIGHTS <channels> <max_light_ms> <max_duty_percent>       (protocol 3)
//   LIGHT <id> <ms> <channel>          LIT <id> <ms applied>  |  DARK <id> <reason>              (protocol 3)
//   (unreadable line)                  ERR <reason>
//                                      LICK <count> <millis>  unprompted, on every lick          (protocol 3)
//
// Safety enforced here, whatever the host sends:
//  - a pulse never lasts longer than MAX_OPEN_MS, nor longer than the host's own bound once it has sent
//    LIMIT (at connect; it can lower the bound, never raise it above MAX_OPEN_MS); the request is clamped and
//    ACK reports what was applied. Power-up and reset go back to MAX_OPEN_MS;
//  - an OPEN must carry a valid checksum, so a corrupted command cannot open the valve for a wrong time;
//  - an id not above the last accepted id is refused (NAK duplicate): a repeated command never gives a second
//    reward;
//  - one pulse at a time (NAK busy);
//  - the valves are closed at power-up and on reset (the host opening the port resets an Uno: a crashed or
//    killed Apical therefore also leaves the valve shut once the port is reopened).
// The light (an LED or laser driver on LIGHT_PINS) has bounds of its own, whatever the host sends:
//  - a light pulse never lasts longer than MAX_LIGHT_MS (clamped; LIT reports what was applied);
//  - a channel is never on for more than MAX_DUTY_PERCENT of the time: a pulse that starts sooner than
//    (previous pulse length x 100 / MAX_DUTY_PERCENT) after the previous one started is refused (DARK <id> duty);
//  - LIGHT must carry a valid checksum and an id above the last light id (DARK <id> duplicate);
//  - the lights are off at power-up, on reset and on CLOSE.
// Licks: LICK_PIN reads the lick sensor (a lick pulls it LOW, INPUT_PULLUP); each debounced lick is reported at
// once as LICK <count since power-up> <millis>, so the host can tell a lost report from a missing lick.
// The timing is non-blocking (millis), so CLOSE and PING are answered during a pulse.

// ---- Rig settings: edit these for your wiring ----
const uint8_t VALVE_PINS[] = {8};        // valve 0 on pin 8; add pins for more valves
const bool VALVE_ACTIVE_HIGH = true;     // false if the driver opens the valve on LOW
const uint16_t MAX_OPEN_MS = 500;        // hard ceiling of one pulse, in ms (LIMIT can only lower it)
const unsigned long BAUD = 115200;
const uint8_t LIGHT_PINS[] = {9};        // light channel 0 on pin 9 (LED / laser driver TTL input)
const bool LIGHT_ACTIVE_HIGH = true;
const uint16_t MAX_LIGHT_MS = 20;        // hard ceiling of one light pulse, in ms
const uint8_t MAX_DUTY_PERCENT = 25;     // a light channel is on at most this share of the time
const int8_t LICK_PIN = 2;               // lick sensor input (-1: no lick sensor)
const uint8_t LICK_DEBOUNCE_MS = 10;

// ---- Protocol ----
const uint8_t PROTOCOL = 3;
const uint8_t VALVES = sizeof(VALVE_PINS) / sizeof(VALVE_PINS[0]);
const uint8_t LIGHTS = sizeof(LIGHT_PINS) / sizeof(LIGHT_PINS[0]);
const uint8_t LINE_MAX = 64;

char line[LINE_MAX];
uint8_t lineLength = 0;
bool overlong = false;

unsigned long lastId = 0;       // highest id accepted since power-up
bool lastOpened = false;        // whether that id opened the valve
unsigned long pulses = 0;
int8_t openValve = -1;          // -1: every valve closed
unsigned long openId = 0;
unsigned long openedAt = 0;
uint16_t openFor = 0;
uint16_t limitMs = MAX_OPEN_MS; // the bound in force: MAX_OPEN_MS, or lower once the host sent LIMIT

unsigned long lastLightId = 0;
bool lightOn[LIGHTS];
bool lightEver[LIGHTS];
unsigned long lightStart[LIGHTS];
uint16_t lightFor[LIGHTS];

unsigned long licks = 0;
bool lickDown = false;
unsigned long lickChangedAt = 0;

void setValve(uint8_t v, bool open) {
  digitalWrite(VALVE_PINS[v], (open == VALVE_ACTIVE_HIGH) ? HIGH : LOW);
}

void setLight(uint8_t c, bool on) {
  digitalWrite(LIGHT_PINS[c], (on == LIGHT_ACTIVE_HIGH) ? HIGH : LOW);
  lightOn[c] = on;
}

void closeAll() {
  for (uint8_t v = 0; v < VALVES; v++) setValve(v, false);
  openValve = -1;
  for (uint8_t c = 0; c < LIGHTS; c++) setLight(c, false);
}

const char HEX_DIGITS[] = "0123456789ABCDEF";

void reply(const char *body) {
  uint8_t x = 0;
  for (const char *p = body; *p; p++) x ^= (uint8_t)*p;
  Serial.print(body);
  Serial.print('*');
  Serial.print(HEX_DIGITS[x >> 4]);
  Serial.print(HEX_DIGITS[x & 15]);
  Serial.print('\n');
}

void hello() {
  char out[LINE_MAX];
  snprintf(out, sizeof out, "HELLO apical_valve %u %u %u %lu", PROTOCOL, VALVES, MAX_OPEN_MS, lastId);
  reply(out);
}

// Reads " <digits>" at *p; false if absent or longer than 10 digits.
bool number(const char *&p, unsigned long &value) {
  if (*p != ' ') return false;
  p++;
  const char *start = p;
  value = 0;
  while (*p >= '0' && *p <= '9') {
    if (p - start >= 10) return false;
    value = value * 10 + (unsigned long)(*p - '0');
    p++;
  }
  return p != start;
}

int8_t hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void open(const char *args) {
  char out[LINE_MAX];
  unsigned long id, ms, valve;
  const char *p = args;
  if (!number(p, id) || !number(p, ms) || !number(p, valve) || *p != '\0') {
    reply("ERR syntax");
    return;
  }
  if (id <= lastId) {                       // a repeat: never a second reward
    snprintf(out, sizeof out, "NAK %lu duplicate", id);
    reply(out);
    return;
  }
  const char *refusal = nullptr;
  if (valve >= VALVES) refusal = "valve";
  else if (ms == 0) refusal = "range";
  else if (openValve >= 0) refusal = "busy";
  lastId = id;
  if (refusal) {
    lastOpened = false;
    snprintf(out, sizeof out, "NAK %lu %s", id, refusal);
    reply(out);
    return;
  }
  if (ms > limitMs) ms = limitMs;
  openValve = (int8_t)valve;
  openId = id;
  openFor = (uint16_t)ms;
  openedAt = millis();
  setValve(openValve, true);
  lastOpened = true;
  pulses++;
  snprintf(out, sizeof out, "ACK %lu %u", id, openFor);
  reply(out);
}

// LIMIT <ms>: the host's bound on one pulse; the device keeps the lower of it and MAX_OPEN_MS.
void limit(const char *args) {
  char out[LINE_MAX];
  unsigned long ms;
  const char *p = args;
  if (!number(p, ms) || *p != '\0') {
    reply("ERR syntax");
    return;
  }
  if (ms == 0) {
    reply("ERR range");
    return;
  }
  limitMs = ms < MAX_OPEN_MS ? (uint16_t)ms : MAX_OPEN_MS;
  if (openValve >= 0 && openFor > limitMs) openFor = limitMs;  // a running pulse is held to it too
  snprintf(out, sizeof out, "LIMIT %u", limitMs);
  reply(out);
}

// LIGHT <id> <ms> <channel>: one light pulse, held to MAX_LIGHT_MS and MAX_DUTY_PERCENT.
void light(const char *args) {
  char out[LINE_MAX];
  unsigned long id, ms, channel;
  const char *p = args;
  if (!number(p, id) || !number(p, ms) || !number(p, channel) || *p != '\0') {
    reply("ERR syntax");
    return;
  }
  const char *refusal = nullptr;
  unsigned long now = millis();
  if (id <= lastLightId) refusal = "duplicate";
  else if (channel >= LIGHTS) refusal = "channel";
  else if (ms == 0) refusal = "range";
  else if (lightOn[channel]) refusal = "busy";
  else if (lightEver[channel]
           && now - lightStart[channel] < (unsigned long)lightFor[channel] * 100UL / MAX_DUTY_PERCENT) refusal = "duty";
  if (id > lastLightId) lastLightId = id;
  if (refusal) {
    snprintf(out, sizeof out, "DARK %lu %s", id, refusal);
    reply(out);
    return;
  }
  if (ms > MAX_LIGHT_MS) ms = MAX_LIGHT_MS;
  lightStart[channel] = now;
  lightFor[channel] = (uint16_t)ms;
  lightEver[channel] = true;
  setLight(channel, true);
  snprintf(out, sizeof out, "LIT %lu %u", id, lightFor[channel]);
  reply(out);
}

void handle() {
  char out[LINE_MAX];
  if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
  line[lineLength] = '\0';
  // Checksum: required on OPEN, LIMIT and LIGHT, checked on anything that carries one (so HELLO/PING/STATUS/CLOSE can be typed
  // by hand in a serial monitor).
  bool hasSum = lineLength >= 3 && line[lineLength - 3] == '*';
  if (hasSum) {
    int8_t hi = hexValue(line[lineLength - 2]);
    int8_t lo = hexValue(line[lineLength - 1]);
    uint8_t x = 0;
    for (uint8_t i = 0; i < lineLength - 3; i++) x ^= (uint8_t)line[i];
    if (hi < 0 || lo < 0 || (uint8_t)((hi << 4) | lo) != x) {
      reply("ERR checksum");
      return;
    }
    line[lineLength - 3] = '\0';
  }
  if (strncmp(line, "OPEN", 4) == 0 && (line[4] == ' ' || line[4] == '\0')) {
    if (!hasSum) reply("ERR checksum");
    else open(line + 4);
  } else if (strncmp(line, "LIMIT", 5) == 0 && (line[5] == ' ' || line[5] == '\0')) {
    if (!hasSum) reply("ERR checksum");
    else limit(line + 5);
  } else if (strncmp(line, "LIGHT", 5) == 0 && (line[5] == ' ' || line[5] == '\0')) {
    if (!hasSum) reply("ERR checksum");
    else light(line + 5);
  } else if (strcmp(line, "LIGHTS") == 0) {
    snprintf(out, sizeof out, "LIGHTS %u %u %u", LIGHTS, MAX_LIGHT_MS, MAX_DUTY_PERCENT);
    reply(out);
  } else if (strncmp(line, "PING ", 5) == 0) {
    snprintf(out, sizeof out, "PONG %s", line + 5);
    reply(out);
  } else if (strcmp(line, "STATUS") == 0) {
    unsigned long remaining = 0;
    if (openValve >= 0) {
      unsigned long elapsed = millis() - openedAt;
      remaining = elapsed < openFor ? openFor - elapsed : 0;
    }
    snprintf(out, sizeof out, "STATUS %lu %u %u %lu %lu", lastId, lastOpened ? 1 : 0, openValve >= 0 ? 1 : 0,
             remaining, pulses);
    reply(out);
  } else if (strcmp(line, "CLOSE") == 0) {
    closeAll();
    snprintf(out, sizeof out, "CLOSED %lu", lastId);
    reply(out);
  } else if (strcmp(line, "HELLO") == 0) {
    hello();
  } else if (lineLength > 0) {
    reply("ERR unknown");
  }
}

void setup() {
  for (uint8_t v = 0; v < VALVES; v++) {
    setValve(v, false);                     // level first, then output: no glitch at power-up
    pinMode(VALVE_PINS[v], OUTPUT);
  }
  for (uint8_t c = 0; c < LIGHTS; c++) {
    setLight(c, false);
    pinMode(LIGHT_PINS[c], OUTPUT);
  }
  if (LICK_PIN >= 0) pinMode(LICK_PIN, INPUT_PULLUP);
  Serial.begin(BAUD);
  hello();                                  // the banner the host waits for after opening the port
}

void readLick() {
  if (LICK_PIN < 0) return;
  bool down = digitalRead(LICK_PIN) == LOW;
  unsigned long now = millis();
  if (down == lickDown || now - lickChangedAt < LICK_DEBOUNCE_MS) return;
  lickDown = down;
  lickChangedAt = now;
  if (!down) return;
  char out[LINE_MAX];
  licks++;
  snprintf(out, sizeof out, "LICK %lu %lu", licks, now);
  reply(out);
}

void loop() {
  for (uint8_t c = 0; c < LIGHTS; c++) {
    if (lightOn[c] && millis() - lightStart[c] >= lightFor[c]) setLight(c, false);
  }
  readLick();
  if (openValve >= 0 && millis() - openedAt >= openFor) {
    char out[LINE_MAX];
    unsigned long id = openId;
    uint16_t ms = openFor;
    closeAll();
    snprintf(out, sizeof out, "DONE %lu %u", id, ms);
    reply(out);
  }
  while (Serial.available() > 0) {
    char c = (char)Serial.read();
    if (c == '\n') {
      if (overlong) reply("ERR long");
      else handle();
      lineLength = 0;
      overlong = false;
    } else if (lineLength < LINE_MAX - 1) {
      line[lineLength++] = c;
    } else {
      overlong = true;
    }
  }
}
