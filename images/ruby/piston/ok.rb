puts 'OK'
