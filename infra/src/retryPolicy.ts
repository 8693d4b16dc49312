// The retry path's SQS grants, kept pure so tests can check them without a cloud.

import { PolicyDocument } from "./iamPolicy";

/** The ingest role may put updates on the retry queue, and do nothing else with SQS. */
export function enqueuePolicy(queueArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "EnqueueRetries", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [queueArn] }],
    };
}

/**
 * The consumer may receive, delete and hide (backoff) messages of the retry queue (GetQueueAttributes: Lambda's event
 * source mapping needs it), send the next round of an erasure back to it (a fresh message per round, so a large
 * package never reaches the receive limit), and send an unreadable message straight to the DLQ.
 */
export function consumerPolicy(queueArn: string, deadLetterQueueArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ConsumeRetries",
                Effect: "Allow",
                Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
                Resource: [queueArn],
            },
            { Sid: "ContinueErasures", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [queueArn] },
            { Sid: "DeadLetterUnreadable", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [deadLetterQueueArn] },
        ],
    };
}
