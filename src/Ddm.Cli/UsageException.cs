using System;

namespace Ddm.Cli;

/// <summary>The command line or configuration is wrong; the message says what to set.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
