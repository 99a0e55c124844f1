using Modulets.Fuzzing;
using SharpFuzz;

// The coverage-guided fuzz targets, run under afl-fuzz by fuzz/fuzz.sh (which also instruments the assemblies and
// writes the seeds). Each target throws only where the host would be harmed; afl-fuzz records that input as a crash.
return args switch
{
    ["seed", var folder] => Seeds.Write(folder),
    ["read", var folder, var file] => Run(() => new FolderReadTarget(folder, file).Run),
    ["package", var sandbox] => Run(() => new PackageTarget(sandbox).Run),
    ["load", var folder, var file] => Run(() => new LoadedVersionTarget(folder, file).Run),
    _ => Usage(),
};

// The target is made in the process that runs the inputs, on the first one: instrumented code may run only there,
// where afl-fuzz's coverage map is mapped.
static int Run(Func<Action<Stream>> makeTarget)
{
    Action<Stream>? target = null;
    Fuzzer.OutOfProcess.Run(input => (target ??= makeTarget())(input));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Modulets.Fuzzing seed FOLDER                 write the seeds of every target (real builds and packages)
               Modulets.Fuzzing read FOLDER FILE            the input becomes FOLDER/FILE, and the folder is read as a version
               Modulets.Fuzzing package SANDBOX             the input is a module package: extracted, and its signature checked
               Modulets.Fuzzing load FOLDER FILE            the input becomes FOLDER/FILE of a running manager: refreshed, and a job started on it
        """);
    return 2;
}
