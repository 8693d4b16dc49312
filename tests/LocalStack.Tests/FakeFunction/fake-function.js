#!/usr/bin/env node
// A stand-in Lambda function for the local stack's tests: speaks the Runtime API 2018-06-01 like a real
// custom runtime and, by default, echoes the event it received as a proxy response body so tests can
// assert what the emulated API Gateway built. Behaviour is chosen per event by "behaviour" in the payload
// or by the x-fake-behaviour request header of a proxy event.
'use strict';
const http = require('http');

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const prefix = '/2018-06-01/runtime';

function call(method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request({ host, port, method, path: prefix + path, agent,
      headers: Object.assign({ 'content-length': data ? data.length : 0 }, headers || {}) }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function behaviourOf(event) {
  if (event && Array.isArray(event.Records)) return 'sqs';
  if (event && typeof event.behaviour === 'string') return event.behaviour;
  const headers = (event && event.headers) || {};
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'x-fake-behaviour') return headers[name];
  }
  return 'echo';
}

const envShown = ['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'API_CLIENTS', 'CURSOR_SIGNING_KEY', 'STAGE', 'METRICS_NAMESPACE',
  'AWS_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_RUNTIME_API', 'EVENT_TYPES', 'FAKE_MARKER'];

async function main() {
  if (process.env.FAKE_INIT_ERROR) {
    await call('POST', '/init/error', JSON.stringify({ errorMessage: 'init failed', errorType: 'FakeInitError' }));
    process.exit(1);
  }
  console.log(`fake function ${process.env.AWS_LAMBDA_FUNCTION_NAME} ready pid=${process.pid}`);
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    const text = next.body.toString('utf8');
    let event;
    try { event = JSON.parse(text); } catch { event = { raw: text }; }
    const behaviour = behaviourOf(event);
    const respond = body => call('POST', `/invocation/${requestId}/response`, body);

    switch (behaviour) {
      case 'crash':
        console.error('fake function crashing on purpose');
        process.exit(3);
        break;
      case 'hang':
        // A pending promise alone would let node exit; a timer keeps the process alive, busy forever.
        setInterval(() => {}, 1000);
        await new Promise(() => {});
        break;
      case 'error':
        await call('POST', `/invocation/${requestId}/error`,
          JSON.stringify({ errorMessage: 'boom', errorType: 'FakeError' }),
          { 'lambda-runtime-function-error-type': 'FakeError' });
        break;
      case 'invalid':
        await respond('this is not a proxy response');
        break;
      case 'sqs': {
        // An SQS consumer: appends each event to FAKE_EVENTS_FILE; a body containing "fail" is a batch item failure,
        // one containing "error" fails the whole invocation.
        if (process.env.FAKE_EVENTS_FILE) require('fs').appendFileSync(process.env.FAKE_EVENTS_FILE, text + '\n');
        if (event.Records.some(r => r.body.includes('error'))) {
          await call('POST', `/invocation/${requestId}/error`, JSON.stringify({ errorMessage: 'boom', errorType: 'FakeError' }));
          break;
        }
        const batchItemFailures = event.Records.filter(r => r.body.includes('fail')).map(r => ({ itemIdentifier: r.messageId }));
        await respond(JSON.stringify({ batchItemFailures }));
        break;
      }
      case 'binary':
        await respond(JSON.stringify({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' },
          body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true }));
        break;
      default: {
        const env = {};
        for (const name of envShown) env[name] = process.env[name] === undefined ? null : process.env[name];
        const runtime = {
          requestId,
          deadlineMs: next.headers['lambda-runtime-deadline-ms'],
          functionArn: next.headers['lambda-runtime-invoked-function-arn'],
          traceId: next.headers['lambda-runtime-trace-id'],
        };
        await respond(JSON.stringify({
          statusCode: 200,
          headers: { 'content-type': 'application/json', 'x-function': process.env.AWS_LAMBDA_FUNCTION_NAME },
          multiValueHeaders: { 'x-multi': ['one', 'two'] },
          body: JSON.stringify({ pid: process.pid, event, env, runtime }),
          isBase64Encoded: false,
        }));
      }
    }
  }
}

main().catch(e => { console.error(e); process.exit(1); });
