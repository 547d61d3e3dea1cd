/**
 * (port) Where the text path hands a message it cannot finish: an object
 * that needs OCR (an image, an image-only PDF) goes to the OCR path's
 * queue, the SQS message body unchanged, and the OCR function runs the
 * same use case on it with an OCR engine.
 *
 * Adapters: `sqsOcrQueue` (below, Lambda), the embedded runtime's local
 * queue (local/runtime.ts), and fakes in tests. The SDK is loaded on the
 * first forward only: a text page never pays for it.
 */

export interface OcrQueue {
  /**
   * Sends one message body to the OCR queue. Resolves once the queue has
   * accepted it; throws otherwise (the handler then fails the message, so
   * SQS retries it and nothing is lost).
   */
  forward(body: string): Promise<void>;
}

/**
 * The OCR queue in SQS (`SendMessage`). The client is made on the first
 * forward (module scope: a warm container reuses it).
 *
 * @param queueUrl the OCR queue's URL (`QUEUE_URL_INGEST_OCR`)
 * @example
 * const ocrQueue = sqsOcrQueue(requireEnv(ENV.ocrQueueUrl));
 * await ocrQueue.forward(record.body);
 */
export function sqsOcrQueue(queueUrl: string): OcrQueue {
  let send: ((body: string) => Promise<void>) | null = null;
  return {
    async forward(body) {
      if (send === null) {
        const { SQSClient, SendMessageCommand } = await import(
          '@aws-sdk/client-sqs'
        );
        const client = new SQSClient({});
        send = async (messageBody) => {
          await client.send(
            new SendMessageCommand({
              QueueUrl: queueUrl,
              MessageBody: messageBody,
            })
          );
        };
      }
      await send(body);
    },
  };
}
