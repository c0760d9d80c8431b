console.log('OK')
