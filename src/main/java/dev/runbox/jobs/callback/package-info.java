/**
 * Job callbacks: the {@link dev.runbox.jobs.callback.CallbackGuard} checks a {@code callback_url}
 * at submit and at each delivery, the {@link dev.runbox.jobs.callback.CallbackSender} makes one
 * signed POST to the address checked and says whether to try again, and the {@link
 * dev.runbox.jobs.callback.Backoff} says when. Independent of the job store: the caller records
 * outcomes and schedules retries.
 */
package dev.runbox.jobs.callback;
