using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Tests.Authentication;

/// <summary>
/// The synchronization context of a UI thread (WinForms, WPF): one thread runs everything posted to it, in turn. A call
/// that blocks that thread until work posted to it has run waits for ever.
/// </summary>
internal sealed class SingleThreadContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _posted = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _posted.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The thread has ended (the collection is completed or disposed): as on a closed window, what is posted
            // afterwards is dropped.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    public void Dispose() => _posted.Dispose();

    /// <summary>Runs <paramref name="work"/> on a thread of its own with this context, and gives its result.</summary>
    public static Task<T> Run<T>(Func<T> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            using var context = new SingleThreadContext();
            SetSynchronizationContext(context);
            context.Post(
                _ =>
                {
                    try
                    {
                        result.SetResult(work());
                    }
                    catch (Exception exception)
                    {
                        result.SetException(exception);
                    }
                    finally
                    {
                        context._posted.CompleteAdding();
                    }
                },
                null);
            foreach (var (callback, state) in context._posted.GetConsumingEnumerable())
            {
                callback(state);
            }
        })
        { IsBackground = true };
        thread.Start();
        return result.Task;
    }
}
